// Text tables for people: cells aligned by display width, colour where allowed.
#include "table.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>

#include "orm/text/utf8.hpp"

namespace app {

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_control(utf8proc_int32_t cp) {
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

// Calls f(bytes, codepoint, offset) per code point; an invalid unit
// (orm/text/utf8.hpp) comes as its bytes with codepoint -1.
template <class F>
void each_codepoint(std::string_view s, F f) {
    for (const auto& cp : orm::text::code_points(s))
        f(s.substr(cp.offset, cp.size), cp.valid ? static_cast<utf8proc_int32_t>(cp.value) : -1,
          cp.offset);
}

bool plain_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}

bool kept_control(utf8proc_int32_t cp) {
    return cp == '\n' || cp == '\t';
}

// A control character as a terminal shows it: \x1b (C0, DEL), \u009b (C1).
std::string escaped_control(utf8proc_int32_t cp) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = cp < 0x80 ? "\\x" : "\\u00";
    out += hex[(cp >> 4) & 15];
    out += hex[cp & 15];
    return out;
}

std::size_t cp_width(utf8proc_int32_t cp) {
    if (cp < 0) return 1;  // U+FFFD
    if (is_control(cp)) return kept_control(cp) ? 1 : escaped_control(cp).size();
    int w = utf8proc_charwidth(cp);
    return w > 0 ? static_cast<std::size_t>(w) : 0;
}

// One line for a cell, cut to `max` columns with "…" (0: no limit); marks
// painted when `color`. On a terminal, newline and tab become spaces, other
// control characters escapes and bad bytes U+FFFD; elsewhere bytes are kept.
std::string render(const Cell& cell, std::size_t max, const char* sgr, bool color, bool terminal,
                   std::size_t* width_out) {
    // Most cells (names, counts, times) are printable ASCII: a column each.
    if (cell.marks.empty() && plain_ascii(cell.text) && (max == 0 || cell.text.size() <= max)) {
        std::string out;
        if (color && sgr) out.append("\x1b[").append(sgr).append("m");
        out.append(cell.text);
        if (color && sgr) out.append("\x1b[0m");
        if (width_out) *width_out = cell.text.size();
        return out;
    }
    std::size_t total = 0;
    if (max > 0) each_codepoint(cell.text, [&](auto, auto cp, auto) { total += cp_width(cp); });
    std::size_t budget = (max > 0 && total > max) ? max - 1 : SIZE_MAX;

    auto marks = cell.marks;
    std::sort(marks.begin(), marks.end());
    std::string out;
    out.reserve(cell.text.size() + 16);
    auto open = [&](const char* code) {
        if (color && code) out.append("\x1b[").append(code).append("m");
    };
    open(sgr);
    std::size_t width = 0, m = 0;
    bool in_mark = false, cut = false;
    each_codepoint(cell.text, [&](std::string_view bytes, utf8proc_int32_t cp, std::size_t at) {
        if (cut) return;
        std::size_t w = cp_width(cp);
        if (width + w > budget) {
            cut = true;
            return;
        }
        while (m < marks.size() && marks[m].second <= at)
            ++m;
        bool want = m < marks.size() && marks[m].first <= at;
        if (want != in_mark && color) {
            out.append("\x1b[0m");
            open(want ? style::match : sgr);
        }
        in_mark = want;
        if (!terminal) {
            out.append(bytes);
        } else if (cp < 0) {
            out.append(replacement);
        } else if (kept_control(cp)) {
            out.push_back(' ');
        } else if (is_control(cp)) {
            out.append(escaped_control(cp));
        } else {
            out.append(bytes);
        }
        width += w;
    });
    if (color && (sgr || in_mark)) out.append("\x1b[0m");
    if (cut) {
        out.append("…");
        ++width;
    }
    if (width_out) *width_out = width;
    return out;
}

}  // namespace

std::size_t display_width(std::string_view text) {
    if (plain_ascii(text)) return text.size();
    std::size_t w = 0;
    each_codepoint(text, [&](auto, auto cp, auto) { w += cp_width(cp); });
    return w;
}

std::string shown(const Output& out, std::string_view text) {
    return out.terminal() ? terminal_safe(text) : std::string(text);
}

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    each_codepoint(text, [&](std::string_view bytes, utf8proc_int32_t cp, std::size_t) {
        if (cp < 0) {
            out.append(replacement);
        } else if (is_control(cp) && !kept_control(cp)) {
            out.append(escaped_control(cp));
        } else {
            out.append(bytes);
        }
    });
    return out;
}

std::string short_time(const orm::Timestamp& t) {
    return t.sql().substr(0, 16);
}

void Table::print(Output& out) const {
    if (rows_.empty()) return;
    const std::size_t n = columns_.size();
    std::vector<std::size_t> widths(n, 0);
    for (std::size_t c = 0; c + 1 < n; ++c)
        widths[c] = display_width(columns_[c].header);
    // Padded columns are rendered once, to measure them.
    std::vector<std::vector<std::pair<std::string, std::size_t>>> cells(rows_.size());
    for (std::size_t r = 0; r < rows_.size(); ++r) {
        for (std::size_t c = 0; c + 1 < n && c < rows_[r].size(); ++c) {
            std::size_t w = 0;
            cells[r].emplace_back(
                render(rows_[r][c], 0, columns_[c].sgr, out.color(), out.terminal(), &w), w);
            widths[c] = std::max(widths[c], w);
        }
    }
    std::size_t lead = 0;
    for (std::size_t c = 0; c + 1 < n; ++c)
        lead += widths[c] + 2;
    // Cut the last column to the terminal, unless that leaves it too narrow.
    std::size_t rest = 0;
    if (out.width() > 0 && static_cast<std::size_t>(out.width()) > lead + 10)
        rest = static_cast<std::size_t>(out.width()) - lead;

    auto emit = [&](const std::string& text, std::size_t w, std::size_t c, std::string& line) {
        std::string pad(widths[c] > w ? widths[c] - w : 0, ' ');
        line += columns_[c].right ? pad + text : text + pad;
        line += "  ";
    };
    std::string line;
    for (std::size_t c = 0; c < n; ++c) {
        const auto& h = columns_[c].header;
        if (c + 1 < n) {
            emit(out.paint(h, style::header), display_width(h), c, line);
        } else {
            line += out.paint(h, style::header);
        }
    }
    out.line(line);
    for (std::size_t r = 0; r < rows_.size(); ++r) {
        line.clear();
        for (std::size_t c = 0; c + 1 < n && c < cells[r].size(); ++c)
            emit(cells[r][c].first, cells[r][c].second, c, line);
        if (rows_[r].size() == n)
            line += render(rows_[r][n - 1], rest, columns_[n - 1].sgr, out.color(), out.terminal(),
                           nullptr);
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out.line(line);
    }
}

}  // namespace app
