// bench_run: runs one command as a child process and reports its whole-process
// wall time and peak resident set size, for scripts/bench.sh.
//
//   bench_run [-o FILE] [-i FILE] -- COMMAND [ARGS...]
//
// Prints one line on stdout: "WALL_MS MAXRSS_KB EXIT_STATUS CPU_MS" (CPU_MS:
// user + system time of the child, less sensitive to a busy machine). The child's
// stdout goes to FILE (default /dev/null), its stdin comes from `-i FILE`
// (default /dev/null) and its stderr is inherited.
//
// Wall time: a steady clock read just before fork() and just after wait4()
// returns. Peak RSS: ru_maxrss of the child from wait4() (kB). On Linux
// ru_maxrss also counts the pre-exec copy of this process, so this program is
// kept small (no iostreams, nothing allocated before the fork): its own
// resident size (~1 MiB) is a lower bound of every measurement, the same for
// the `notes` binary and the floor.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

double now_ms() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

int usage() {
    std::fputs("usage: bench_run [-o STDOUT_FILE] [-i STDIN_FILE] -- COMMAND [ARGS...]\n", stderr);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    const char* out = "/dev/null";
    const char* in = "/dev/null";
    int i = 1;
    for (; i < argc; ++i) {
        if (std::strcmp(argv[i], "--") == 0) {
            ++i;
            break;
        }
        if (std::strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (std::strcmp(argv[i], "-i") == 0 && i + 1 < argc)
            in = argv[++i];
        else
            return usage();
    }
    if (i >= argc) return usage();
    char** command = argv + i;

    const int out_fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int in_fd = open(in, O_RDONLY);
    if (out_fd < 0 || in_fd < 0) {
        std::fprintf(stderr, "bench_run: cannot open %s: %s\n", out_fd < 0 ? out : in,
                     std::strerror(errno));
        return 2;
    }

    const double start = now_ms();
    const pid_t pid = fork();
    if (pid < 0) {
        std::perror("bench_run: fork");
        return 2;
    }
    if (pid == 0) {
        dup2(in_fd, 0);
        dup2(out_fd, 1);
        close(in_fd);
        close(out_fd);
        execvp(command[0], command);
        std::fprintf(stderr, "bench_run: cannot run %s: %s\n", command[0], std::strerror(errno));
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            std::perror("bench_run: wait4");
            return 2;
        }
    }
    const double wall = now_ms() - start;
    const int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
    std::printf("%.3f %ld %d %.3f\n", wall, usage.ru_maxrss, code, cpu);
    return 0;
}
