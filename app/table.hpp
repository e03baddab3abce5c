#pragma once
// Tables for people, aligned by display width (CJK and emoji take two
// columns), with colour only where allowed; text made safe for a terminal.
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notes/notebook.hpp"
#include "output.hpp"

namespace app {

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
// escaped (\x1b, \u009b) and bytes that are not UTF-8 as U+FFFD, so that a
// name or note written by another program cannot send escape sequences.
std::string terminal_safe(std::string_view text);
// Names and note text as `out` shows them: terminal_safe() on a terminal,
// exact elsewhere.
std::string shown(const Output& out, std::string_view text);

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
