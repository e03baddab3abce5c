#include "output.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "errors.hpp"

namespace app {

namespace {
constexpr std::size_t flush_at = 64 * 1024;
}

Output::Output(int fd, bool color, std::string name)
    : fd_(fd), color_(color), terminal_(::isatty(fd) == 1), name_(std::move(name)) {
    if (terminal_) {
        winsize ws{};
        if (::ioctl(fd, TIOCGWINSZ, &ws) == 0) width_ = ws.ws_col;
    }
}

void Output::write(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() >= flush_at) flush();
}

void Output::line(std::string_view text) {
    buffer_.append(text);
    buffer_.push_back('\n');
    if (buffer_.size() >= flush_at) flush();
}

void Output::json(const Json& value) {
    line(dump(value, terminal_ ? 2 : -1));
}

std::string Output::paint(std::string_view text, const char* sgr) const {
    if (!color_ || !sgr) return std::string(text);
    std::string s = "\x1b[";
    s += sgr;
    s += 'm';
    s += text;
    s += "\x1b[0m";
    return s;
}

void Output::flush() {
    std::size_t done = 0;
    while (done < buffer_.size()) {
        ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int err = errno;
            buffer_.clear();
            throw OutputError("cannot write to " + name_ + ": " + std::strerror(err), err);
        }
        done += static_cast<std::size_t>(n);
    }
    buffer_.clear();
}

}  // namespace app
