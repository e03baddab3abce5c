// notes edit ID [TEXT...] [-c NAME]
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include "commands.hpp"
#include "errors.hpp"
#include "input.hpp"
#include "logging.hpp"
#include "notes/errors.hpp"
#include "notes/validate.hpp"

namespace app {

namespace {

struct EditArgs {
    std::string id, category;
    std::vector<std::string> words;
    CLI::Option* category_opt = nullptr;
};

const char* editor_command() {
    for (const char* var : {"VISUAL", "EDITOR"})
        if (const char* e = std::getenv(var); e && *e) return e;
    return nullptr;
}

std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Removes the temporary file however the edit ends.
struct TempFile {
    std::string path;
    ~TempFile() {
        if (!path.empty()) ::unlink(path.c_str());
    }
};

// Lets the user change `text` in their editor; returns the result with one
// trailing newline dropped (editors add one).
std::string run_editor(const char* editor, const std::string& text, std::int64_t id) {
    const char* tmp = std::getenv("TMPDIR");
    TempFile file{std::string(tmp && *tmp ? tmp : "/tmp") + "/notes-" + std::to_string(id) +
                  "-XXXXXX.txt"};
    int fd = ::mkstemps(file.path.data(), 4);
    if (fd < 0) {
        int err = errno;
        file.path.clear();
        throw OutputError(std::string("cannot create a temporary file: ") + std::strerror(err),
                          err);
    }
    std::string content = text.empty() || text.back() == '\n' ? text : text + "\n";
    std::FILE* f = ::fdopen(fd, "w");
    bool ok = f && std::fwrite(content.data(), 1, content.size(), f) == content.size();
    ok = (f ? std::fclose(f) == 0 : (::close(fd), false)) && ok;
    if (!ok) throw OutputError("cannot write " + file.path + ": " + std::strerror(errno), errno);

    // Through the shell, as git does, so that EDITOR="code --wait" works.
    std::string command = std::string(editor) + " " + shell_quote(file.path);
    int status = std::system(command.c_str());
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw notes::Invalid(std::string("the editor (") + editor + ") failed; note " +
                             std::to_string(id) + " was not changed");

    std::FILE* in = std::fopen(file.path.c_str(), "rb");
    if (!in) throw notes::Invalid("cannot read back " + file.path + ": " + std::strerror(errno));
    std::string edited;
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;)
        edited.append(buf, n);
    std::fclose(in);
    if (!edited.empty() && edited.back() == '\n') edited.pop_back();
    return edited;
}

void edit(Context& ctx, const EditArgs& a) {
    const auto id = notes::parse_id(a.id);
    std::optional<std::string> category;
    if (a.category_opt->count()) {
        notes::validate_category_name(a.category);
        category = a.category;
    }
    // Where the new text comes from: TEXT; '-' or a pipe; else the editor.
    std::optional<std::string> text = words_text(a.words);
    if (!text && !a.words.empty()) {
        text = read_stdin_note();  // a lone '-'
    } else if (!text && !category) {
        if (!stdin_is_terminal()) {
            text = read_stdin_note();
        } else if (const char* editor = editor_command()) {
            auto current = ctx.notebook().show(id);
            text = run_editor(editor, current.note.text, id);
            if (*text == current.note.text) {
                notice("note " + std::to_string(id) + " not changed");
                if (ctx.options.json) ctx.out.json(note_json(current));
                return;
            }
        } else {
            throw UsageError(
                "nothing to change: give TEXT, '-' (stdin) or -c NAME, "
                "or set VISUAL or EDITOR");
        }
    }
    if (text) notes::validate_note_text(*text);

    auto n = ctx.notebook().edit(id, text, category);
    if (ctx.options.json) return ctx.out.json(note_json(n));
    ctx.out.line("updated note " + ctx.out.paint(std::to_string(n.note.id), style::id) + " in " +
                 notes::quote_value(n.category));
}

}  // namespace

Command cmd_edit(CLI::App& cli) {
    auto a = std::make_shared<EditArgs>();
    auto* sub = cli.add_subcommand("edit", "Replace a note's text and/or move it to a category");
    sub->add_option("ID", a->id, "the note's id")->required();
    sub->add_option("TEXT", a->words, "the new text; '-' reads it from stdin");
    a->category_opt =
        sub->add_option("-c,--category", a->category, "move the note to this existing category")
            ->type_name("NAME");
    sub->footer(
        "Without TEXT and without -c, the text comes from stdin when it is not a\n"
        "terminal, else from $VISUAL or $EDITOR. With -c alone only the category\n"
        "changes ('-' as TEXT also reads stdin). With --json prints the note object.\n\n"
        "Examples:\n"
        "  notes edit 7 sqlalchemy is very cool\n"
        "  notes edit 7 -c archive\n"
        "  notes edit 7            # opens $EDITOR");
    return {sub, [a](Context& ctx) { edit(ctx, *a); }};
}

}  // namespace app
