#include "import_spool.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "errors.hpp"
#include "notes/errors.hpp"
#include "notes/import_line.hpp"
#include "notes/validate.hpp"

namespace app {

namespace {

constexpr std::size_t kChunk = 64 * 1024;

// A time as stored in the spool: a flag byte, then seconds since the epoch.
struct SpooledTime {
    std::uint8_t set = 0;
    std::int64_t seconds = 0;
};

}  // namespace

ImportSpool::ImportSpool() {
    const char* dir = std::getenv("TMPDIR");
    std::string path = std::string(dir && *dir ? dir : "/tmp") + "/notes-import-XXXXXX";
    const int fd = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd < 0)
        throw IoError("cannot create a temporary file for the import in " +
                      path.substr(0, path.rfind('/')) + ": " + std::strerror(errno));
    ::unlink(path.c_str());  // nameless from now on: gone with the last descriptor
    spool_ = ::fdopen(fd, "w+b");
    if (!spool_) {
        const int err = errno;
        ::close(fd);
        throw IoError(std::string("cannot open the import's temporary file: ") +
                      std::strerror(err));
    }
}

ImportSpool::~ImportSpool() {
    if (spool_) std::fclose(spool_);
}

void ImportSpool::spool_failed(const char* doing) {
    throw IoError(std::string("cannot ") + doing +
                  " the import's temporary file in $TMPDIR: " + std::strerror(errno ? errno : EIO));
}

void ImportSpool::put(const void* data, std::size_t size) {
    if (size && std::fwrite(data, 1, size, spool_) != size) spool_failed("write");
}

bool ImportSpool::get(void* data, std::size_t size) {
    if (size == 0) return true;
    const auto n = std::fread(data, 1, size, spool_);
    if (n == size) return true;
    if (std::ferror(spool_)) spool_failed("read");
    return false;
}

void ImportSpool::append(const notes::ImportRecord& r) {
    const auto put_string = [&](const std::string& s) {
        const auto n = static_cast<std::uint64_t>(s.size());
        put(&n, sizeof n);
        put(s.data(), s.size());
    };
    const auto put_time = [&](const std::optional<orm::Timestamp>& t) {
        SpooledTime st;
        if (t) st = {1, t->time.time_since_epoch().count()};
        put(&st.set, sizeof st.set);
        put(&st.seconds, sizeof st.seconds);
    };
    const auto line = static_cast<std::uint64_t>(r.line);
    put(&line, sizeof line);
    put_string(r.text);
    put_string(r.category);
    put_time(r.created_at);
    put_time(r.updated_at);
    ++count_;
}

void ImportSpool::read_all(const std::string& file) {
    const std::string name = file == "-" ? "stdin" : notes::quote_value(file);
    std::FILE* in = file == "-" ? stdin : std::fopen(file.c_str(), "rb");
    // A missing or unreadable file is a bad argument (exit 2), as before.
    if (!in) throw notes::Invalid("cannot read " + name + ": " + std::strerror(errno));
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> owned(file == "-" ? nullptr : in, std::fclose);
    struct stat st {};
    if (::fstat(::fileno(in), &st) == 0 && S_ISDIR(st.st_mode))
        throw notes::Invalid("cannot read " + name + ": it is a directory");

    std::string line;  // at most max_import_line + one chunk
    std::size_t number = 1;
    auto buffer = std::make_unique<char[]>(kChunk);
    const auto finish_line = [&] {
        if (auto record = notes::parse_import_line(line, number)) append(*record);
        line.clear();
        ++number;
    };
    for (;;) {
        const auto n = std::fread(buffer.get(), 1, kChunk, in);
        if (n == 0) {
            if (std::ferror(in)) throw IoError("cannot read " + name + ": " + std::strerror(errno));
            break;
        }
        std::string_view chunk(buffer.get(), n);
        while (!chunk.empty()) {
            const auto end = chunk.find('\n');
            line.append(chunk.substr(0, end));
            if (line.size() > notes::max_import_line)
                throw notes::Invalid("line " + std::to_string(number) + ": longer than " +
                                     std::to_string(notes::max_import_line >> 20) +
                                     " MiB; import lines are note objects as export writes them");
            if (end == std::string_view::npos) break;
            finish_line();
            chunk.remove_prefix(end + 1);
        }
    }
    if (!line.empty()) finish_line();  // a last line without its newline
    if (std::fflush(spool_) != 0) spool_failed("write");
}

void ImportSpool::rewind() {
    if (std::fseek(spool_, 0, SEEK_SET) != 0) spool_failed("read");
}

std::optional<notes::ImportRecord> ImportSpool::next() {
    std::uint64_t line = 0;
    if (!get(&line, sizeof line)) return std::nullopt;
    notes::ImportRecord r;
    r.line = static_cast<std::size_t>(line);
    const auto get_string = [&](std::string& s) {
        std::uint64_t n = 0;
        if (!get(&n, sizeof n)) spool_failed("read");
        s.resize(n);
        if (!get(s.data(), n)) spool_failed("read");
    };
    const auto get_time = [&](std::optional<orm::Timestamp>& t) {
        SpooledTime st;
        if (!get(&st.set, sizeof st.set) || !get(&st.seconds, sizeof st.seconds))
            spool_failed("read");
        if (st.set) t = orm::Timestamp{std::chrono::sys_seconds{std::chrono::seconds{st.seconds}}};
    };
    get_string(r.text);
    get_string(r.category);
    get_time(r.created_at);
    get_time(r.updated_at);
    return r;
}

}  // namespace app
