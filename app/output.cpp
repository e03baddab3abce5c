#include "output.hpp"

#include <sys/ioctl.h>
#include <unistd.h>
#include <utf8proc.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "errors.hpp"

namespace app {

namespace {

void append_digits(std::string& out, long value, int width) {
    char buf[8];
    for (int i = width - 1; i >= 0; --i, value /= 10)
        buf[i] = static_cast<char>('0' + value % 10);
    out.append(buf, static_cast<std::size_t>(width));
}

void append_rfc3339(std::string& out, const orm::Timestamp& t) {
    using namespace std::chrono;
    const auto day = floor<days>(t.time);
    const year_month_day ymd{day};
    const hh_mm_ss hms{t.time - day};
    append_digits(out, static_cast<int>(ymd.year()), 4);
    out += '-';
    append_digits(out, static_cast<long>(static_cast<unsigned>(ymd.month())), 2);
    out += '-';
    append_digits(out, static_cast<long>(static_cast<unsigned>(ymd.day())), 2);
    out += 'T';
    append_digits(out, hms.hours().count(), 2);
    out += ':';
    append_digits(out, hms.minutes().count(), 2);
    out += ':';
    append_digits(out, static_cast<long>(hms.seconds().count()), 2);
    out += 'Z';
}

// Length of the UTF-8 sequence at s[i] (`complete`), or of its longest
// valid beginning: the bytes that nlohmann's decoder replaces by one U+FFFD.
std::size_t utf8_sequence(std::string_view s, std::size_t i, bool& complete) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;  // overlong
        if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;  // overlong
        if (c == 0xF4) hi = 0x8F;  // beyond U+10FFFF
    } else {
        complete = false;
        return 1;
    }
    std::size_t n = 1;
    for (; n < len && i + n < s.size(); ++n) {
        const auto b = static_cast<unsigned char>(s[i + n]);
        if (b < (n == 1 ? lo : 0x80) || b > (n == 1 ? hi : 0xBF)) break;
    }
    complete = n == len;
    return n;
}

// A JSON string as nlohmann writes it with error_handler_t::replace: UTF-8
// kept, controls escaped, each invalid sequence as one U+FFFD.
void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            bool complete = false;
            std::size_t n = utf8_sequence(s, i, complete);
            if (complete) {
                out.append(s.substr(i, n));
            } else {
                out.append("\xEF\xBF\xBD");
            }
            i += n;
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += static_cast<char>(c);
                }
        }
        ++i;
    }
    out += '"';
}

}  // namespace

std::string rfc3339(const orm::Timestamp& t) {
    std::string s;
    append_rfc3339(s, t);
    return s;
}

Json note_json(const notes::NoteView& v) {
    Json j;
    j["id"] = v.note.id;
    j["category"] = v.category;
    j["text"] = v.note.text;
    j["created_at"] = rfc3339(v.note.created_at);
    j["updated_at"] = rfc3339(v.note.updated_at);
    return j;
}

void append_note_json(std::string& out, const notes::NoteView& v) {
    out += "{\"id\":";
    out += std::to_string(v.note.id);
    out += ",\"category\":";
    append_json_string(out, v.category);
    out += ",\"text\":";
    append_json_string(out, v.note.text);
    out += ",\"created_at\":\"";
    append_rfc3339(out, v.note.created_at);
    out += "\",\"updated_at\":\"";
    append_rfc3339(out, v.note.updated_at);
    out += "\"}";
}

Json category_json(const notes::Category& c, std::int64_t notes) {
    Json j;
    j["id"] = c.id;
    j["name"] = c.name;
    j["notes"] = notes;
    j["created_at"] = rfc3339(c.created_at);
    return j;
}

Json step_json(const notes::Step& s) {
    Json j;
    j["id"] = s.id;
    j["command"] = s.command;
    j["user"] = s.user;
    j["at"] = rfc3339(s.at);
    j["summary"] = s.summary;
    j["undone"] = s.undone;
    return j;
}

std::string dump(const Json& value, int indent) {
    return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// ---------------------------------------------------------------- Output

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

// ---------------------------------------------------------------- text

namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_control(utf8proc_int32_t cp) {
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

// Calls f(bytes, codepoint, offset) per code point; an invalid byte comes as
// itself with codepoint -1.
template <class F>
void each_codepoint(std::string_view s, F f) {
    std::size_t i = 0;
    while (i < s.size()) {
        utf8proc_int32_t cp = -1;
        auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                  static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
        std::size_t len = n > 0 ? static_cast<std::size_t>(n) : 1;
        f(s.substr(i, len), n > 0 ? cp : -1, i);
        i += len;
    }
}

std::size_t cp_width(utf8proc_int32_t cp) {
    if (cp < 0 || is_control(cp)) return 1;  // shown as U+FFFD or a space
    int w = utf8proc_charwidth(cp);
    return w > 0 ? static_cast<std::size_t>(w) : 0;
}

// One line for a cell: controls become spaces, bad bytes U+FFFD; cut to
// `max` columns with "…" (0: no limit); marks painted when `color`.
std::string render(const Cell& cell, std::size_t max, const char* sgr, bool color,
                   std::size_t* width_out) {
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
        if (cp < 0) {
            out.append(replacement);
        } else if (is_control(cp)) {
            out.push_back(' ');
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
    std::size_t w = 0;
    each_codepoint(text, [&](auto, auto cp, auto) { w += cp_width(cp); });
    return w;
}

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    each_codepoint(text, [&](std::string_view bytes, utf8proc_int32_t cp, std::size_t) {
        if (cp < 0 || (is_control(cp) && cp != '\n' && cp != '\t')) {
            out.append(replacement);
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
            cells[r].emplace_back(render(rows_[r][c], 0, columns_[c].sgr, out.color(), &w), w);
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
            line += render(rows_[r][n - 1], rest, columns_[n - 1].sgr, out.color(), nullptr);
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        out.line(line);
    }
}

}  // namespace app
