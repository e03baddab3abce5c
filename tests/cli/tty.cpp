#include "tty.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <system_error>

namespace cli {

Result run_with_tty_stderr(const std::vector<std::string>& argv, const RunOptions& opts) {
    std::vector<std::string> args = argv, envs = base_environment(opts.env);
    std::vector<char*> cargv, cenv;
    for (auto& a : args)
        cargv.push_back(a.data());
    cargv.push_back(nullptr);
    for (auto& e : envs)
        cenv.push_back(e.data());
    cenv.push_back(nullptr);
    const char* cwd = opts.cwd.empty() ? nullptr : opts.cwd.c_str();

    const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0)
        throw std::system_error(errno, std::generic_category(), "posix_openpt");
    const char* name = ::ptsname(master);
    const int slave = name ? ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC) : -1;
    int out[2];
    const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (slave < 0 || null < 0 || ::pipe2(out, O_CLOEXEC) != 0)
        throw std::system_error(errno, std::generic_category(), "pty / pipe");

    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (pid == 0) {
        ::dup2(null, 0);
        ::dup2(out[1], 1);
        ::dup2(slave, 2);
        if (cwd && ::chdir(cwd) != 0) ::_exit(127);
        ::execve(cargv[0], cargv.data(), cenv.data());
        ::_exit(127);
    }
    ::close(slave);
    ::close(null);
    ::close(out[1]);

    Result res;
    res.args.assign(argv.begin() + 1, argv.end());
    // Both sides until their end: EOF on the pipe, EIO on the master once
    // the child (the terminal's last user) is gone.
    int fds[2] = {out[0], master};
    std::string* bufs[2] = {&res.out, &res.err};
    const auto deadline = start + opts.timeout;
    while (fds[0] >= 0 || fds[1] >= 0) {
        pollfd p[2];
        int n = 0;
        int which[2];
        for (int i = 0; i < 2; ++i)
            if (fds[i] >= 0) {
                which[n] = i;
                p[n++] = {fds[i], POLLIN, 0};
            }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) {
            res.timed_out = true;
            ::kill(pid, SIGKILL);
            break;
        }
        if (::poll(p, n, static_cast<int>(std::min<long long>(left, 1000))) < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "poll");
        }
        for (int k = 0; k < n; ++k) {
            if (!p[k].revents) continue;
            char buf[65536];
            const ssize_t r = ::read(fds[which[k]], buf, sizeof buf);
            if (r > 0) {
                bufs[which[k]]->append(buf, static_cast<std::size_t>(r));
            } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
                ::close(fds[which[k]]);
                fds[which[k]] = -1;
            }
        }
    }
    for (int fd : fds)
        if (fd >= 0) ::close(fd);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    res.signaled = WIFSIGNALED(status);
    res.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return res;
}

}  // namespace cli
