// notes export [-c NAME] [-o FILE]
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

#include "commands.hpp"
#include "errors.hpp"
#include "notes/errors.hpp"
#include "notes/validate.hpp"
#include "options.hpp"
#include "progress.hpp"

namespace app {

namespace {

struct ExportArgs {
    std::string category, file;
    CLI::Option* category_opt = nullptr;
    CLI::Option* file_opt = nullptr;
};

// FILE appears complete or not at all: the export goes to a temporary file
// beside it, renamed over it at the end. Devices and pipes are written directly.
class TargetFile {
  public:
    explicit TargetFile(const std::string& path) : path_(path) {
        struct stat st {};
        bool exists = ::stat(path.c_str(), &st) == 0;
        if (exists && !S_ISREG(st.st_mode)) {
            fd_ = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
        } else {
            auto dir = std::filesystem::path(path).parent_path();
            auto base = std::filesystem::path(path).filename().string();
            temp_ = (dir.empty() ? std::string(".") : dir.string()) + "/." + base + ".XXXXXX";
            fd_ = ::mkostemp(temp_.data(), O_CLOEXEC);
            if (fd_ >= 0 && exists) ::fchmod(fd_, st.st_mode & 07777);
            if (fd_ < 0) temp_.clear();
        }
        if (fd_ < 0)
            throw IoError("cannot write " + notes::quote_value(path) + ": " + std::strerror(errno));
    }
    ~TargetFile() {
        if (fd_ >= 0) ::close(fd_);
        if (!temp_.empty()) ::unlink(temp_.c_str());
    }
    int fd() const { return fd_; }
    void commit() {
        if (!temp_.empty() && ::fsync(fd_) != 0) fail();
        int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) fail();
        if (!temp_.empty()) {
            if (::rename(temp_.c_str(), path_.c_str()) != 0) fail();
            temp_.clear();
        }
    }

  private:
    [[noreturn]] void fail() {
        int err = errno;
        throw OutputError("cannot write to " + path_ + ": " + std::strerror(err), err);
    }
    std::string path_, temp_;
    int fd_ = -1;
};

// `p` with every symbolic link along it resolved, as far as it exists.
std::filesystem::path resolved(std::filesystem::path p) {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (int hops = 0; hops < 40 && fs::is_symlink(p, ec); ++hops) {
        auto to = fs::read_symlink(p, ec);
        if (ec) break;
        p = to.is_absolute() ? to : p.parent_path() / to;
    }
    auto out = fs::weakly_canonical(fs::absolute(p, ec), ec);
    return ec ? p : out;
}

bool same_file(const std::string& a, const std::string& b) {
    struct stat sa {
    }, sb{};
    if (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;  // hard links too
    return resolved(a) == resolved(b);
}

// Exit 2 when FILE is the database or one of its -wal, -shm or -journal
// files, by any name: replacing it would destroy the notes.
void refuse_database_files(const std::string& file, notes::Notebook& notebook) {
    const auto files = notebook.files();
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (same_file(file, files[i]))
            throw UsageError("cannot export to " + notes::quote_value(file) +
                             ": it is the database" + (i ? " file " : " ") +
                             notes::quote_value(files[i]) + " (choose another file)");
    }
}

void export_to(Context& ctx, const std::optional<std::string>& category, Output& out,
               Progress* progress = nullptr) {
    std::string line;
    ctx.notebook().export_notes(category, [&](const notes::NoteView& n) {
        line.clear();
        append_note_json(line, n);
        out.line(line);
        if (progress) progress->tick();
    });
    out.flush();
}

}  // namespace

Command cmd_export(CLI::App& cli) {
    auto a = std::make_shared<ExportArgs>();
    auto* sub = cli.add_subcommand("export", "Write every note as JSON Lines, oldest first");
    a->category_opt =
        sub->add_option("-c,--category", a->category, "only this category")->type_name("NAME");
    a->file_opt = sub->add_option("-o,--output", a->file, "write to FILE instead of stdout")
                      ->type_name("FILE");
    sub->footer(
        "One note object per line, the same with or without --json; 'notes import'\n"
        "reads it back. FILE is replaced only once the export is complete.\n\n"
        "Examples:\n"
        "  notes export -o backup.jsonl\n"
        "  notes export -c tech | jq -r .text");
    return {sub, [a](Context& ctx) {
                std::optional<std::string> category;
                if (a->category_opt->count()) {
                    notes::validate_category_name(a->category);
                    category = a->category;
                }
                if (!a->file_opt->count() || a->file == "-")
                    return export_to(ctx, category, ctx.out);
                refuse_database_files(a->file, ctx.notebook());
                TargetFile target(a->file);  // before the database is opened
                Output out(target.fd(), false, a->file);
                Progress progress(ctx.options, "exporting");
                export_to(ctx, category, out, &progress);
                progress.finish();
                target.commit();
            }};
}

}  // namespace app
