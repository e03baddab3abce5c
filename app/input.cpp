#include "input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "errors.hpp"
#include "logging.hpp"
#include "notes/errors.hpp"
#include "notes/validate.hpp"

namespace app {

std::optional<std::string> words_text(const std::vector<std::string>& words) {
    if (words.empty() || (words.size() == 1 && words[0] == "-")) return std::nullopt;
    std::string text = words[0];
    for (std::size_t i = 1; i < words.size(); ++i)
        text.append(" ").append(words[i]);
    return text;
}

bool stdin_is_terminal() {
    return ::isatty(0) == 1;
}

void check_input_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        throw IoError("cannot read " + notes::quote_value(path) + ": " + std::strerror(errno));
    struct stat st {};
    const bool folder = ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
    ::close(fd);
    if (folder) throw IoError("cannot read " + notes::quote_value(path) + ": it is a folder");
}

std::string read_stdin_note() {
    if (stdin_is_terminal()) notice("reading the note from the terminal; end it with Ctrl-D");
    // Stop reading past the limit instead of swallowing an endless stream.
    const std::size_t limit = notes::max_text_bytes + 1;  // + the newline dropped below
    std::string text;
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(0, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) throw IoError(std::string("cannot read stdin: ") + std::strerror(errno));
        if (n == 0) break;
        text.append(buf, static_cast<std::size_t>(n));
        if (text.size() > limit) break;
    }
    if (!text.empty() && text.back() == '\n') text.pop_back();
    if (text.size() > notes::max_text_bytes)
        throw notes::Invalid("the note on stdin is longer than 1 MiB (1048576 bytes)");
    return text;
}

}  // namespace app
