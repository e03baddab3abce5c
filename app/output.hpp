#pragma once
// What the commands print: JSON objects exactly as the contract spells them,
// and tables for people, aligned by display width (CJK and emoji take two
// columns) with colour only where allowed.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notes/notebook.hpp"

namespace app {

// Keys in the order the contract shows them.
using Json = nlohmann::ordered_json;

Json note_json(const notes::NoteView& note);
Json category_json(const notes::Category& category, std::int64_t notes);
// A step of the history: id, command, user, at, summary, undone.
Json step_json(const notes::Step& step);
// The same note object, compact, appended to `out` without building a JSON
// value: the export loop, where it is most of the work per note.
void append_note_json(std::string& out, const notes::NoteView& note);
// 'YYYY-MM-DDTHH:MM:SSZ'.
std::string rfc3339(const orm::Timestamp& t);
// Compact (or indented) text; bytes that are not UTF-8 (rows written by other
// programs) become U+FFFD instead of an exception.
std::string dump(const Json& value, int indent = -1);

// Buffered output to a file descriptor. Nothing reaches the descriptor before
// 64 KiB are pending or flush() is called, so a command that fails early can
// discard() what it wrote (the contract: with --json, nothing on stdout).
class Output {
  public:
    Output() = default;
    // `name` is for messages: "cannot write to NAME: ...".
    Output(int fd, bool color, std::string name = "stdout");
    Output(Output&&) = default;
    Output& operator=(Output&&) = default;

    bool color() const { return color_; }
    bool terminal() const { return terminal_; }
    // Columns of the terminal; 0 when not writing to one.
    int width() const { return width_; }

    void write(std::string_view text);
    void line(std::string_view text);
    // One JSON document and a newline; indented on a terminal.
    void json(const Json& value);
    // Wraps `text` in an SGR colour when colour is on.
    std::string paint(std::string_view text, const char* sgr) const;
    // Throws OutputError when the descriptor refuses the bytes.
    void flush();
    void discard() { buffer_.clear(); }

  private:
    int fd_ = 1;
    bool color_ = false;
    bool terminal_ = false;
    int width_ = 0;
    std::string name_ = "stdout";
    std::string buffer_;
};

// SGR sequences used by the tables.
namespace style {
inline constexpr const char* header = "1";
inline constexpr const char* id = "36";
inline constexpr const char* dim = "2";
inline constexpr const char* match = "1;31";
inline constexpr const char* name = "33";
}  // namespace style

// Columns a string takes on a terminal.
std::size_t display_width(std::string_view text);
// Text for a terminal: control characters other than newline and tab shown
// as U+FFFD, so a note cannot send escape sequences.
std::string terminal_safe(std::string_view text);

// A table cell; `marks` are byte ranges of `text` to highlight.
struct Cell {
    Cell(std::string t) : text(std::move(t)) {}
    Cell(const char* t) : text(t) {}
    Cell(std::string t, std::vector<std::pair<std::size_t, std::size_t>> m)
        : text(std::move(t)), marks(std::move(m)) {}
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> marks;
};

struct Column {
    std::string header;
    bool right = false;         // right-aligned (numbers)
    const char* sgr = nullptr;  // colour of the cells
};

// Rows of one-line cells. Every column but the last is padded to its widest
// cell; the last one is cut to the terminal width.
class Table {
  public:
    explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}
    void add(std::vector<Cell> row) { rows_.push_back(std::move(row)); }
    bool empty() const { return rows_.empty(); }
    void print(Output& out) const;

  private:
    std::vector<Column> columns_;
    std::vector<std::vector<Cell>> rows_;
};

// 'YYYY-MM-DD HH:MM' in UTC, for tables.
std::string short_time(const orm::Timestamp& t);

}  // namespace app
