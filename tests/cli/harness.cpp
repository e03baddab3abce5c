#include "harness.hpp"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

#include <doctest/doctest.h>
#include <fmt/format.h>

#ifndef NOTES_BINARY
#define NOTES_BINARY "notes"
#endif

extern char** environ;

namespace cli {

std::string notes_binary() {
    if (const char* b = std::getenv("NOTES_TEST_BINARY"); b && *b) return b;
    return NOTES_BINARY;
}

namespace {
// Before any test: the binary under test must exist.
const bool binary_checked = support::on_start([] {
    std::error_code ec;
    if (std::filesystem::exists(notes_binary(), ec)) return 0;
    std::cerr << "cli_tests: the notes binary does not exist: " << notes_binary() << "\n";
    return 1;
});
}  // namespace

// ---------------------------------------------------------------- Result

namespace {

std::string printable(std::string_view s, size_t limit) {
    std::string o;
    size_t n = std::min(s.size(), limit);
    for (size_t i = 0; i < n; ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '\n') {
            o += "\n";
        } else if (c == '\t') {
            o += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            o += buf;
        } else {
            o += static_cast<char>(c);
        }
    }
    if (s.size() > limit) o += "... (" + std::to_string(s.size()) + " bytes)";
    return o;
}

}  // namespace

nlohmann::json Result::json() const {
    try {
        return nlohmann::json::parse(out);
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error("stdout is not one JSON document (" + std::string(e.what()) +
                                 ")\n" + describe());
    }
}

nlohmann::json Result::err_json() const {
    try {
        return nlohmann::json::parse(err);
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error("stderr is not one JSON document (" + std::string(e.what()) +
                                 ")\n" + describe());
    }
}

std::vector<nlohmann::json> Result::json_lines() const {
    std::vector<nlohmann::json> v;
    std::istringstream in(out);
    std::string line;
    size_t no = 0;
    while (std::getline(in, line)) {
        ++no;
        if (line.empty()) continue;
        try {
            v.push_back(nlohmann::json::parse(line));
        } catch (const nlohmann::json::exception& e) {
            throw std::runtime_error("stdout line " + std::to_string(no) + " is not JSON (" +
                                     e.what() + ")\n" + describe());
        }
    }
    return v;
}

std::string Result::describe() const {
    std::ostringstream o;
    o << "$ notes";
    for (const auto& a : args)
        o << " '" << printable(a, 120) << "'";
    o << "\n-> exit " << code;
    if (signaled) o << " (killed by signal " << code - 128 << ")";
    if (timed_out) o << " (TIMED OUT)";
    o << " after " << seconds << " s";
    o << "\n--- stdout ---\n"
      << printable(out, 3000) << "\n--- stderr ---\n"
      << printable(err, 3000) << "\n--------------";
    return o.str();
}

std::ostream& operator<<(std::ostream& os, const Result& r) {
    return os << r.describe();
}

// ---------------------------------------------------------------- processes

std::vector<std::string> base_environment(const EnvVars& overrides) {
    static const std::set<std::string> removed = {"NOTES_DB", "NO_COLOR", "VISUAL", "EDITOR"};
    std::vector<std::pair<std::string, std::string>> vars;
    for (char** e = environ; e && *e; ++e) {
        std::string_view kv(*e);
        auto eq = kv.find('=');
        if (eq == std::string_view::npos) continue;
        std::string k(kv.substr(0, eq));
        if (removed.count(k)) continue;
        vars.emplace_back(k, std::string(kv.substr(eq + 1)));
    }
    for (const auto& [k, v] : overrides) {
        vars.erase(std::remove_if(vars.begin(), vars.end(), [&](auto& p) { return p.first == k; }),
                   vars.end());
        if (v) vars.emplace_back(k, *v);
    }
    std::vector<std::string> out;
    out.reserve(vars.size());
    for (auto& [k, v] : vars)
        out.push_back(k + "=" + v);
    return out;
}

namespace {

std::string resolve_program(const std::string& name) {
    if (name.find('/') != std::string::npos) return name;
    const char* path = std::getenv("PATH");
    std::string p = path ? path : "/usr/local/bin:/usr/bin:/bin";
    std::istringstream in(p);
    std::string d;
    while (std::getline(in, d, ':')) {
        if (d.empty()) d = ".";
        std::string cand = d + "/" + name;
        if (::access(cand.c_str(), X_OK) == 0) return cand;
    }
    return name;
}

void set_nonblock(int fd) {
    int fl = ::fcntl(fd, F_GETFL);
    ::fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

}  // namespace

Process::Process(std::vector<std::string> argv, const RunOptions& opts)
    : argv_(std::move(argv)), opts_(opts) {
    if (argv_.empty()) throw std::invalid_argument("Process: empty argv");
    std::string prog = resolve_program(argv_[0]);
    std::vector<std::string> envs = base_environment(opts_.env);

    // Everything the child needs is prepared before fork(): after it, only
    // async-signal-safe calls (the test may be multi-threaded).
    std::vector<char*> cargv, cenv;
    for (auto& a : argv_)
        cargv.push_back(a.data());
    cargv.push_back(nullptr);
    for (auto& e : envs)
        cenv.push_back(e.data());
    cenv.push_back(nullptr);
    const char* cwd = opts_.cwd.empty() ? nullptr : opts_.cwd.c_str();
    bool drop = opts_.as_nobody && ::geteuid() == 0;

    int pin[2], pout[2], perr[2];
    if (::pipe2(pin, O_CLOEXEC) != 0 || ::pipe2(pout, O_CLOEXEC) != 0 ||
        ::pipe2(perr, O_CLOEXEC) != 0)
        throw std::system_error(errno, std::generic_category(), "pipe2");
    int tty_slave = -1;
    if (opts_.stdin_tty) {
        pty_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (pty_ < 0 || ::grantpt(pty_) != 0 || ::unlockpt(pty_) != 0)
            throw std::system_error(errno, std::generic_category(), "posix_openpt");
        const char* name = ::ptsname(pty_);
        if (!name) throw std::system_error(errno, std::generic_category(), "ptsname");
        tty_slave = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (tty_slave < 0) throw std::system_error(errno, std::generic_category(), "open pty");
    }

    int out_target = -1;  // replaces the stdout pipe in the child
    if (!opts_.stdout_path.empty()) {
        out_target = ::open(opts_.stdout_path.c_str(), O_WRONLY | O_CLOEXEC);
        if (out_target < 0)
            throw std::system_error(errno, std::generic_category(), "open " + opts_.stdout_path);
    } else if (opts_.stdout_tty) {
        out_pty_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (out_pty_ < 0 || ::grantpt(out_pty_) != 0 || ::unlockpt(out_pty_) != 0)
            throw std::system_error(errno, std::generic_category(), "posix_openpt");
        const char* name = ::ptsname(out_pty_);
        if (!name) throw std::system_error(errno, std::generic_category(), "ptsname");
        out_target = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (out_target < 0) throw std::system_error(errno, std::generic_category(), "open pty");
        termios t{};
        if (::tcgetattr(out_target, &t) == 0) {
            t.c_oflag &= ~static_cast<tcflag_t>(OPOST);
            ::tcsetattr(out_target, TCSANOW, &t);
        }
        winsize ws{};
        ws.ws_col = 200;
        ws.ws_row = 50;
        ::ioctl(out_target, TIOCSWINSZ, &ws);
    }

    start_ = std::chrono::steady_clock::now();
    pid_ = ::fork();
    if (pid_ < 0) throw std::system_error(errno, std::generic_category(), "fork");
    if (pid_ == 0) {
        ::setpgid(0, 0);
        ::dup2(tty_slave >= 0 ? tty_slave : pin[0], 0);
        ::dup2(out_target >= 0 ? out_target : pout[1], 1);
        ::dup2(perr[1], 2);
        if (cwd && ::chdir(cwd) != 0) {
            const char msg[] = "harness: chdir failed\n";
            (void)!::write(2, msg, sizeof msg - 1);
            ::_exit(127);
        }
        if (drop) {
            if (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0) {
                const char msg[] = "harness: cannot drop privileges\n";
                (void)!::write(2, msg, sizeof msg - 1);
                ::_exit(127);
            }
        }
        ::execve(prog.c_str(), cargv.data(), cenv.data());
        const char msg[] = "harness: execve failed: ";
        (void)!::write(2, msg, sizeof msg - 1);
        const char* e = std::strerror(errno);
        (void)!::write(2, e, std::strlen(e));
        (void)!::write(2, "\n", 1);
        ::_exit(127);
    }
    ::setpgid(pid_, pid_);  // also from the parent: no race with kill(-pid)
    ::close(pin[0]);
    if (tty_slave >= 0) {
        ::close(tty_slave);
        ::close(pin[1]);
        pin[1] = -1;
    }
    ::close(pout[1]);
    ::close(perr[1]);
    if (out_target >= 0) ::close(out_target);
    in_ = pin[1];
    out_ = pout[0];
    if (out_pty_ >= 0) {
        // Read the terminal instead; EIO once the child has closed it is EOF.
        ::close(pout[0]);
        out_ = out_pty_;
        out_pty_ = -1;
    }
    err_ = perr[0];
    if (in_ >= 0) set_nonblock(in_);
    set_nonblock(out_);
    set_nonblock(err_);
    if (opts_.stdin_data.empty() && opts_.close_stdin) close_fd(in_);
}

Process::~Process() {
    close_fd(pty_);
    close_fd(in_);
    close_fd(out_);
    close_fd(err_);
    if (!reaped_ && pid_ > 0) {
        ::kill(-pid_, SIGKILL);
        ::kill(pid_, SIGKILL);
        reap(true);
    }
}

void Process::write_stdin(std::string_view data) {
    auto deadline = std::chrono::steady_clock::now() + opts_.timeout;
    size_t done = 0;
    while (in_ >= 0 && done < data.size()) {
        ssize_t n = ::write(in_, data.data() + done, data.size() - done);
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            if (left.count() <= 0) throw std::runtime_error("write_stdin: timeout");
            pollfd p{in_, POLLOUT, 0};
            ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        close_fd(in_);  // EPIPE: the child is gone
    }
}

void Process::close_stdin() {
    close_fd(in_);
}

void Process::kill(int sig) {
    if (!reaped_ && pid_ > 0) ::kill(pid_, sig);
}

void Process::reap(bool block) {
    if (reaped_) return;
    int st = 0;
    pid_t r;
    do {
        r = ::waitpid(pid_, &st, block ? 0 : WNOHANG);
    } while (r < 0 && errno == EINTR);
    if (r == pid_) {
        reaped_ = true;
        status_ = st;
    } else if (r < 0) {
        reaped_ = true;  // ECHILD: nothing to wait for
        status_ = 0;
    }
}

bool Process::exited() {
    reap(false);
    return reaped_;
}

Result Process::wait() {
    using clock = std::chrono::steady_clock;
    auto deadline = start_ + opts_.timeout;
    Result res;
    res.args.assign(argv_.begin() + 1, argv_.end());
    const std::string& data = opts_.stdin_data;
    auto kill_all = [&] {
        res.timed_out = true;
        ::kill(-pid_, SIGKILL);
        ::kill(pid_, SIGKILL);
    };

    while (out_ >= 0 || err_ >= 0 || in_ >= 0) {
        if (in_ >= 0 && in_written_ >= data.size()) {
            close_fd(in_);
            continue;
        }
        pollfd fds[3];
        int n = 0;
        int idx_in = -1, idx_out = -1, idx_err = -1;
        if (in_ >= 0) {
            idx_in = n;
            fds[n++] = {in_, POLLOUT, 0};
        }
        if (out_ >= 0) {
            idx_out = n;
            fds[n++] = {out_, POLLIN, 0};
        }
        if (err_ >= 0) {
            idx_err = n;
            fds[n++] = {err_, POLLIN, 0};
        }
        auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
        if (left <= 0) {
            kill_all();
            break;
        }
        int pr = ::poll(fds, n, static_cast<int>(std::min<long long>(left, 1000)));
        if (pr < 0) {
            if (errno == EINTR) continue;
            throw std::system_error(errno, std::generic_category(), "poll");
        }
        if (pr == 0) continue;
        auto drain = [](int& fd, std::string& buf) {
            char tmp[65536];
            for (;;) {
                ssize_t r = ::read(fd, tmp, sizeof tmp);
                if (r > 0) {
                    buf.append(tmp, static_cast<size_t>(r));
                    continue;
                }
                if (r < 0 && errno == EINTR) continue;
                if (r < 0 && errno == EAGAIN) return;
                close_fd(fd);  // EOF or error
                return;
            }
        };
        if (idx_out >= 0 && fds[idx_out].revents) drain(out_, out_buf_);
        if (idx_err >= 0 && fds[idx_err].revents) drain(err_, err_buf_);
        if (idx_in >= 0 && fds[idx_in].revents) {
            if (fds[idx_in].revents & (POLLERR | POLLHUP)) {
                close_fd(in_);
            } else {
                ssize_t w = ::write(in_, data.data() + in_written_,
                                    std::min<size_t>(data.size() - in_written_, 65536));
                if (w > 0) {
                    in_written_ += static_cast<size_t>(w);
                } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
                    close_fd(in_);  // EPIPE: the child does not read (all) stdin
                }
            }
        }
    }
    close_fd(in_);
    close_fd(out_);
    close_fd(err_);
    close_fd(pty_);

    while (!reaped_) {
        reap(false);
        if (reaped_) break;
        if (clock::now() >= deadline && !res.timed_out) kill_all();
        if (res.timed_out) {
            reap(true);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    res.seconds = std::chrono::duration<double>(clock::now() - start_).count();
    if (WIFEXITED(status_)) {
        res.code = WEXITSTATUS(status_);
    } else if (WIFSIGNALED(status_)) {
        res.signaled = true;
        res.code = 128 + WTERMSIG(status_);
    }
    res.out = std::move(out_buf_);
    res.err = std::move(err_buf_);
    return res;
}

Result run_process(std::vector<std::string> argv, const RunOptions& opts) {
    Process p(std::move(argv), opts);
    return p.wait();
}

// ---------------------------------------------------------------- backend

namespace {
std::string pct_decode(std::string_view s) {
    std::string o;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() &&
            std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            o += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            o += s[i];
        }
    }
    return o;
}
}  // namespace

ServerUrl parse_server_url(const std::string& url) {
    ServerUrl m;
    auto p = url.find("://");
    if (p == std::string::npos) throw std::invalid_argument("not a URL: " + url);
    m.scheme = url.substr(0, p);
    std::string rest = url.substr(p + 3);
    std::string query;
    if (auto q = rest.find('?'); q != std::string::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }
    std::string authority = rest, path;
    if (auto s = rest.find('/'); s != std::string::npos) {
        authority = rest.substr(0, s);
        path = rest.substr(s + 1);
    }
    m.database = pct_decode(path);
    std::string hostport = authority;
    if (auto at = authority.rfind('@'); at != std::string::npos) {
        std::string ui = authority.substr(0, at);
        hostport = authority.substr(at + 1);
        if (auto c = ui.find(':'); c != std::string::npos) {
            m.user = pct_decode(ui.substr(0, c));
            m.password = pct_decode(ui.substr(c + 1));
        } else {
            m.user = pct_decode(ui);
        }
    }
    if (auto c = hostport.rfind(':'); c != std::string::npos) {
        m.host = hostport.substr(0, c);
        m.port = hostport.substr(c + 1);
    } else {
        m.host = hostport;
    }
    if (m.host.empty()) m.host = "127.0.0.1";
    if (m.port.empty()) m.port = m.scheme.starts_with("postgres") ? "5432" : "3306";
    std::istringstream qs(query);
    std::string kv;
    while (std::getline(qs, kv, '&')) {
        if (kv.rfind("socket=", 0) == 0 || kv.rfind("host=", 0) == 0)
            m.socket = pct_decode(kv.substr(kv.find('=') + 1));
    }
    return m;
}

namespace {
std::string pct_encode(std::string_view s) {
    std::string o;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            o += static_cast<char>(c);
        else
            o += fmt::format("%{:02X}", c);
    }
    return o;
}
}  // namespace

std::string ServerUrl::with_login(const std::string& new_user,
                                  const std::string& new_password) const {
    return scheme + "://" + pct_encode(new_user) + ":" + pct_encode(new_password) + "@" + host +
           ":" + port + "/" + pct_encode(database);
}

// ---------------------------------------------------------------- Env

Env::Env() : backend_(support::backend()) {
    const char* t = std::getenv("TMPDIR");
    std::string tmpl = std::string(t && *t ? t : "/tmp") + "/notes-cli-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) throw std::system_error(errno, std::generic_category(), "mkdtemp");
    dir = fs::path(buf.data());
    home = dir / "home";
    xdg = dir / "xdg";
    fs::create_directory(home);
    fs::create_directory(xdg);
    if (file_database()) {
        db_ = (dir / "notes.db").string();
    } else {
        auto url = support::server_url();
        REQUIRE_MESSAGE(url.has_value(), "the server's URL variable is not set");
        db_ = *url;
        reset_server();
    }
}

// All tests of a suite share one server database. `drop --all --yes` and re-creating
// the schema takes ~0.6 s there, so the fast path empties it through the
// CLI (drop --force every category) and checks that it is empty; anything
// unusual (failure, leftovers, NOTES_TEST_FULL_RESET=1) falls back to
// `drop --all --yes`.
void Env::reset_server() {
    const char* full = std::getenv("NOTES_TEST_FULL_RESET");
    if (!(full && *full && std::string_view(full) != "0")) {
        try {
            Result l = run({"--json", "list"});
            if (l.code == 0) {
                json cats = l.json();
                bool ok = cats.is_array();
                if (ok && !cats.empty()) {
                    std::vector<std::string> args{"drop", "--force"};
                    for (const auto& c : cats)
                        args.push_back(c.at("name").get<std::string>());
                    ok = run(args).code == 0;
                }
                if (ok) {
                    Result l2 = run({"--json", "list"});
                    Result e = run({"export"});
                    if (l2.code == 0 && l2.json() == json::array() && e.code == 0 &&
                        e.out.empty()) {
                        // The history too (the drop above is a step of it): every
                        // test starts with nothing to undo.
                        Result h =
                            sql("DELETE FROM notes_history_rows; DELETE FROM notes_history_notes; "
                                "DELETE FROM notes_history_categories; DELETE FROM notes_history;",
                                true);
                        if (h.code == 0) return;
                    }
                }
            }
        } catch (const std::exception&) {
            // fall through to the full reset
        }
    }
    Result r = run({"drop", "--all", "--yes"});
    REQUIRE_MESSAGE(r.code == 0, "resetting the server's test database failed\n" << r);
}

void Env::drop_all() {
    if (!server()) return;
    Result r = run({"drop", "--all", "--yes"});
    REQUIRE_MESSAGE(r.code == 0, r);
    schema_changed_ = true;
}

Env::~Env() {
    if (server() && schema_changed_) {
        // Leave a normal database for the next test (errors ignored: the
        // next fixture checks and falls back anyway).
        try {
            RunOptions o = options();
            o.timeout = std::chrono::milliseconds(30'000);
            run_process(argv({"drop", "--all", "--yes"}), o);
        } catch (...) {
        }
    }
    if (const char* k = std::getenv("NOTES_TEST_KEEP"); k && *k) {
        std::cerr << "keeping " << dir << "\n";
        return;
    }
    std::error_code ec;
    // Undo permission tests so that everything can be removed.
    ::chmod(dir.c_str(), 0700);
    for (auto it = fs::recursive_directory_iterator(
             dir, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_directory(ec) && !it->is_symlink(ec))
            fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
    }
    fs::remove_all(dir, ec);
}

fs::path Env::db_path() const {
    REQUIRE_MESSAGE(file_database(), "db_path() is SQLite-only");
    return fs::path(db_);
}

RunOptions Env::options() const {
    RunOptions o;
    o.cwd = dir.string();
    o.env = {{"HOME", home.string()}, {"XDG_DATA_HOME", xdg.string()}};
    return o;
}

std::vector<std::string> Env::argv(std::vector<std::string> args, bool with_db) const {
    std::vector<std::string> v{notes_binary()};
    if (with_db) {
        v.push_back("--db");
        v.push_back(db_);
    }
    v.insert(v.end(), std::make_move_iterator(args.begin()), std::make_move_iterator(args.end()));
    return v;
}

Result Env::run_opts(std::vector<std::string> args, RunOptions opts, bool with_db) const {
    Result r = run_process(argv(std::move(args), with_db), opts);
    REQUIRE_MESSAGE(!r.timed_out, "notes did not finish in time\n" << r);
    return r;
}

Result Env::run(std::vector<std::string> args, std::string_view stdin_data, EnvVars env) const {
    RunOptions o = options();
    o.stdin_data = std::string(stdin_data);
    for (auto& e : env)
        o.env.push_back(std::move(e));
    return run_opts(std::move(args), std::move(o), true);
}

Result Env::run_nodb(std::vector<std::string> args, std::string_view stdin_data,
                     EnvVars env) const {
    RunOptions o = options();
    o.stdin_data = std::string(stdin_data);
    for (auto& e : env)
        o.env.push_back(std::move(e));
    return run_opts(std::move(args), std::move(o), false);
}

std::string Env::q(std::string_view name) const {
    const char quote = backend_ == Backend::mysql ? '`' : '"';
    std::string out(1, quote);
    for (char c : name) {
        if (c == quote) out += c;
        out += c;
    }
    return out + quote;
}

void Env::settle_server() const {
    if (!server()) return;
    const std::string others =
        backend_ == Backend::postgresql
            ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
              "AND backend_type = 'client backend' AND pid <> pg_backend_pid();"
            : "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
              "WHERE DB = DATABASE() AND ID <> CONNECTION_ID();";
    for (int i = 0; i < 300; ++i) {
        if (std::stoll(sql(others).out) == 0) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL("a killed client's session was still on the server after 30 s");
}

Result Env::sql(const std::string& statements, bool allow_fail) const {
    std::vector<std::string> argv;
    if (backend_ == Backend::sqlite) {
        argv = {"sqlite3", "-bail", "-batch",        "-noheader", "-separator",
                "\t",      "-cmd",  ".timeout 5000", db_};
    } else if (backend_ == Backend::postgresql) {
        // psql takes the URL itself; unaligned, tuples only, tab-separated.
        argv = {"psql", "-X", "-q", "-A", "-t", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-d", db_};
    } else {
        ServerUrl m = parse_server_url(db_);
        argv = {"mariadb", "--no-defaults", "--default-character-set=utf8mb4", "-N", "-B"};
        if (!m.socket.empty()) {
            argv.push_back("--socket=" + m.socket);
        } else {
            argv.insert(argv.end(), {"--protocol=TCP", "-h", m.host, "-P", m.port});
        }
        if (!m.user.empty()) argv.push_back("--user=" + m.user);
        if (!m.password.empty()) argv.push_back("--password=" + m.password);
        argv.push_back(m.database);
    }
    RunOptions o;
    o.cwd = dir.string();
    o.stdin_data = statements + "\n";
    o.timeout = std::chrono::milliseconds(30'000);
    Result r = run_process(argv, o);
    if (!allow_fail) REQUIRE_MESSAGE(r.code == 0, "SQL failed:\n" << statements << "\n" << r);
    return r;
}

std::string Env::snapshot() const {
    Result e = run({"export"});
    REQUIRE_MESSAGE(e.code == 0, e);
    Result l = run({"--json", "list"});
    REQUIRE_MESSAGE(l.code == 0, l);
    return e.out + "\n--- list ---\n" + l.out;
}

json Env::add(const std::string& category, const std::string& text) const {
    Result r = run({"--json", "add", "-c", category, text});
    REQUIRE_MESSAGE(r.code == 0, r);
    return r.json();
}

json Env::create(const std::string& name) const {
    Result r = run({"--json", "create", name});
    REQUIRE_MESSAGE(r.code == 0, r);
    return r.json();
}

json Env::notes_of(const std::string& category) const {
    Result r = run({"--json", "list", category});
    REQUIRE_MESSAGE(r.code == 0, r);
    return r.json();
}

json Env::categories() const {
    Result r = run({"--json", "list"});
    REQUIRE_MESSAGE(r.code == 0, r);
    return r.json();
}

fs::path Env::write_file(const std::string& name, std::string_view content) const {
    fs::path p = dir / name;
    std::ofstream f(p, std::ios::binary);
    f.write(content.data(), static_cast<std::streamsize>(content.size()));
    REQUIRE(f.good());
    return p;
}

// ---------------------------------------------------------------- checks

bool is_rfc3339_utc(const json& v) {
    if (!v.is_string()) return false;
    static const std::regex re(R"(^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?Z$)");
    std::smatch m;
    const std::string s = v.get<std::string>();
    if (!std::regex_match(s, m, re)) return false;
    int mo = std::stoi(m[2]), d = std::stoi(m[3]), h = std::stoi(m[4]), mi = std::stoi(m[5]),
        se = std::stoi(m[6]);
    return std::stoi(m[1]) >= 1970 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 &&
           mi <= 59 && se <= 60;
}

void check_note_object(const json& n, bool allow_search_extras) {
    INFO("note object: " << n.dump());
    REQUIRE(n.is_object());
    std::set<std::string> keys;
    for (auto it = n.begin(); it != n.end(); ++it)
        keys.insert(it.key());
    if (allow_search_extras) {
        keys.erase("rank");
        keys.erase("snippet");
    }
    CHECK(keys == std::set<std::string>{"id", "category", "text", "created_at", "updated_at"});
    CHECK(n.value("id", json()).is_number_integer());
    if (n.value("id", json()).is_number_integer()) CHECK(n["id"].get<long long>() > 0);
    CHECK(n.value("category", json()).is_string());
    CHECK(n.value("text", json()).is_string());
    CHECK(is_rfc3339_utc(n.value("created_at", json())));
    CHECK(is_rfc3339_utc(n.value("updated_at", json())));
}

void check_category_object(const json& c) {
    INFO("category object: " << c.dump());
    REQUIRE(c.is_object());
    std::set<std::string> keys;
    for (auto it = c.begin(); it != c.end(); ++it)
        keys.insert(it.key());
    CHECK(keys == std::set<std::string>{"id", "name", "notes", "created_at"});
    CHECK(c.value("id", json()).is_number_integer());
    if (c.value("id", json()).is_number_integer()) CHECK(c["id"].get<long long>() > 0);
    CHECK(c.value("name", json()).is_string());
    CHECK(c.value("notes", json()).is_number_integer());
    if (c.value("notes", json()).is_number_integer()) CHECK(c["notes"].get<long long>() >= 0);
    CHECK(is_rfc3339_utc(c.value("created_at", json())));
}

void check_json_error(const Result& r, int code) {
    INFO(r.describe());
    CHECK(r.code == code);
    CHECK(r.out.empty());
    json e;
    try {
        e = nlohmann::json::parse(r.err);
    } catch (const nlohmann::json::exception& ex) {
        FAIL_CHECK("stderr is not one JSON error object: " << ex.what());
        return;
    }
    REQUIRE(e.is_object());
    CHECK(e.size() == 1);
    REQUIRE(e.contains("error"));
    const json& er = e["error"];
    REQUIRE(er.is_object());
    REQUIRE(er.contains("code"));
    REQUIRE(er.contains("message"));
    REQUIRE(er["code"].is_string());
    REQUIRE(er["message"].is_string());
    CHECK(!er["message"].get<std::string>().empty());
    std::string c = er["code"];
    switch (code) {
        case 1:
            CHECK(c == "not_found");
            break;
        case 2:
            CHECK((c == "usage" || c == "invalid"));
            break;
        case 3:
            CHECK(c == "conflict");
            break;
        case 4:
            CHECK((c == "database" || c == "io"));
            break;
        case 5:
            CHECK(c == "internal");
            break;
        default:
            break;
    }
}

void check_human_error(const Result& r, int code) {
    INFO(r.describe());
    CHECK(r.code == code);
    CHECK(!r.err.empty());
}

std::string read_file(const fs::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

std::vector<std::string> texts(const json& arr) {
    std::vector<std::string> v;
    for (const auto& n : arr)
        v.push_back(n.value("text", std::string("<no text>")));
    return v;
}

std::vector<long long> ids(const json& arr) {
    std::vector<long long> v;
    for (const auto& n : arr)
        v.push_back(n.value("id", -1LL));
    return v;
}

std::vector<std::string> names(const json& arr) {
    std::vector<std::string> v;
    for (const auto& n : arr)
        v.push_back(n.value("name", std::string("<no name>")));
    return v;
}

json without_ids(std::vector<json> notes) {
    json a = json::array();
    for (auto& n : notes) {
        if (n.is_object()) n.erase("id");
        a.push_back(n);
    }
    return a;
}

std::string repeat(std::string_view s, size_t n) {
    std::string o;
    o.reserve(s.size() * n);
    for (size_t i = 0; i < n; ++i)
        o += s;
    return o;
}

}  // namespace cli
