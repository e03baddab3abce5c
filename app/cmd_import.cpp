// notes import [FILE|-]
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "input.hpp"
#include "logging.hpp"
#include "notes/errors.hpp"
#include "notes/validate.hpp"
#include "progress.hpp"

namespace app {

namespace {

[[noreturn]] void fail(std::size_t line, const std::string& what) {
    throw notes::Invalid("line " + std::to_string(line) + ": " + what);
}

std::optional<orm::Timestamp> time_field(const nlohmann::json& j, const char* key,
                                         std::size_t line) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;  // the database's default: now
    if (!it->is_string()) fail(line, std::string("\"") + key + "\" is not a string");
    auto t = orm::Timestamp::parse(it->get_ref<const std::string&>());
    if (!t)
        fail(line, std::string("\"") + key + "\" is not an RFC 3339 time: " +
                       notes::quote_value(it->get_ref<const std::string&>()));
    return t;
}

std::string text_field(const nlohmann::json& j, const char* key, std::size_t line) {
    auto it = j.find(key);
    if (it == j.end()) fail(line, std::string("\"") + key + "\" is missing");
    if (!it->is_string()) fail(line, std::string("\"") + key + "\" is not a string");
    return it->get<std::string>();
}

// One line as `export` writes it; "id" is ignored (imports get new ids).
notes::ImportRecord parse_record(std::string_view text, std::size_t line) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        std::string why = e.what();
        // Drop nlohmann's "[json.exception.parse_error.101] " prefix.
        if (auto p = why.find("] "); p != std::string::npos) why.erase(0, p + 2);
        fail(line, "not valid JSON: " + why);
    }
    if (!j.is_object()) fail(line, "not a JSON object");
    notes::ImportRecord r;
    r.line = line;
    r.text = text_field(j, "text", line);
    r.category = text_field(j, "category", line);
    try {
        notes::validate_note_text(r.text);
        notes::validate_category_name(r.category);
    } catch (const notes::Invalid& e) {
        fail(line, e.what());
    }
    r.created_at = time_field(j, "created_at", line);
    r.updated_at = time_field(j, "updated_at", line);
    return r;
}

// Lines of a file or stdin, read with getline(3): no length limit, no copies.
class LineReader {
  public:
    explicit LineReader(const std::string& file) : name_(file == "-" ? "stdin" : file) {
        in_ = file == "-" ? stdin : std::fopen(file.c_str(), "rb");
        if (!in_)
            throw notes::Invalid("cannot read " + notes::quote_value(file) + ": " +
                                 std::strerror(errno));
    }
    ~LineReader() {
        std::free(buf_);
        if (in_ && in_ != stdin) std::fclose(in_);
    }
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // The next record, skipping blank lines; nullopt at the end.
    std::optional<notes::ImportRecord> next() {
        for (;;) {
            ssize_t n = ::getline(&buf_, &cap_, in_);
            if (n < 0) {
                if (std::ferror(in_))
                    throw notes::Invalid("cannot read " + name_ + ": " + std::strerror(errno));
                return std::nullopt;
            }
            ++line_;
            std::string_view text(buf_, static_cast<std::size_t>(n));
            if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) continue;
            return parse_record(text, line_);
        }
    }

  private:
    std::string name_;
    std::FILE* in_ = nullptr;
    char* buf_ = nullptr;
    std::size_t cap_ = 0;
    std::size_t line_ = 0;
};

}  // namespace

Command cmd_import(CLI::App& cli) {
    auto file = std::make_shared<std::string>("-");
    auto* sub = cli.add_subcommand("import", "Add notes from what 'notes export' wrote");
    sub->add_option("FILE", *file, "JSON Lines to read; '-' or none: stdin");
    sub->footer(
        "Each line is a note object: text and category are required, created_at and\n"
        "updated_at are kept when given, id is ignored (notes get new ids). Missing\n"
        "categories are created. All or nothing: a bad line names its line number\n"
        "(exit 2) and nothing is imported. With --json prints {\"imported\": N}.\n\n"
        "Examples:\n"
        "  notes import backup.jsonl\n"
        "  notes --db old.db export | notes --db new.db import");
    return {
        sub, [file](Context& ctx) {
            if (*file == "-" && stdin_is_terminal())
                notice("reading JSON Lines from the terminal; end with Ctrl-D");
            LineReader reader(*file);  // a missing file is exit 2, before the database
            Progress progress(ctx.options, "importing");
            auto count = ctx.notebook().import_notes([&] {
                auto record = reader.next();
                if (record) progress.tick();
                return record;
            });
            progress.finish();
            if (ctx.options.json) {
                Json j;
                j["imported"] = count;
                return ctx.out.json(j);
            }
            ctx.out.line("imported " + std::to_string(count) + (count == 1 ? " note" : " notes"));
        }};
}

}  // namespace app
