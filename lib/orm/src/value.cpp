#include "orm/value.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <cstring>

#include "orm/text/utf8.hpp"

namespace orm {

using namespace std::chrono;

Timestamp Timestamp::now() {
    return Timestamp{floor<seconds>(system_clock::now())};
}

namespace {

// Every loaded row parses a timestamp or two: kept small enough to inline.
inline bool digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
    if (at + count > text.size()) return false;
    unsigned value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        const unsigned digit = static_cast<unsigned char>(text[i]) - unsigned{'0'};
        if (digit > 9) return false;
        value = value * 10 + digit;
    }
    out = static_cast<int>(value);
    return true;
}

}  // namespace

std::optional<Timestamp> Timestamp::parse(std::string_view text) {
    int y, mo, d, h, mi, s;
    if (!digits(text, 0, 4, y) || text.size() < 19 || text[4] != '-' || !digits(text, 5, 2, mo) ||
        text[7] != '-' || !digits(text, 8, 2, d) || (text[10] != ' ' && text[10] != 'T') ||
        !digits(text, 11, 2, h) || text[13] != ':' || !digits(text, 14, 2, mi) || text[16] != ':' ||
        !digits(text, 17, 2, s))
        return std::nullopt;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
    std::size_t at = 19;
    if (at < text.size() && text[at] == '.') {
        ++at;
        const std::size_t start = at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9')
            ++at;
        if (at == start) return std::nullopt;
    }
    auto time = sys_days{ymd} + hours{h} + minutes{mi} + seconds{s};
    if (at == text.size()) {
        if (text[10] == 'T') return std::nullopt;  // RFC 3339 needs an offset
    } else if ((text[at] == 'Z' || text[at] == 'z') && at + 1 == text.size()) {
    } else if ((text[at] == '+' || text[at] == '-') && at + 6 == text.size() &&
               text[at + 3] == ':') {
        int oh, om;
        if (!digits(text, at + 1, 2, oh) || !digits(text, at + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        const auto offset = hours{oh} + minutes{om};
        time = text[at] == '+' ? time - offset : time + offset;
    } else {
        return std::nullopt;
    }
    return Timestamp{time};
}

int Timestamp::year_utc() const {
    return static_cast<int>(year_month_day{floor<days>(time)}.year());
}

bool Timestamp::representable() const {
    if (!is_set()) return false;
    const int y = year_utc();
    return y >= 1 && y <= 9999;
}

namespace {

// Writes `value` as `width` decimal digits, zero-padded, ending before `end`.
void put_digits(char* end, unsigned value, int width) {
    for (int i = 0; i < width; ++i, value /= 10)
        *--end = static_cast<char>('0' + value % 10);
}

// By hand: fmt's general path costs about 3,000 instructions a call, and
// `list` and `export` format a time or two per row. False for a year that
// does not fit four digits.
bool write_utc(sys_seconds time, char separator, char (&text)[Timestamp::kSqlLength]) {
    // Checked before any arithmetic, which would overflow for an unset time
    // (sys_seconds::min()).
    constexpr sys_seconds first = sys_days{year{0} / 1 / 1};
    constexpr sys_seconds end = sys_days{year{10000} / 1 / 1};
    if (time < first || time >= end) return false;
    const auto day = floor<days>(time);
    const year_month_day ymd{day};
    const hh_mm_ss hms{time - day};
    const int year = static_cast<int>(ymd.year());
    text[4] = text[7] = '-';
    text[10] = separator;
    text[13] = text[16] = ':';
    put_digits(text + 4, static_cast<unsigned>(year), 4);
    put_digits(text + 7, static_cast<unsigned>(ymd.month()), 2);
    put_digits(text + 10, static_cast<unsigned>(ymd.day()), 2);
    put_digits(text + 13, static_cast<unsigned>(hms.hours().count()), 2);
    put_digits(text + 16, static_cast<unsigned>(hms.minutes().count()), 2);
    put_digits(text + 19, static_cast<unsigned>(hms.seconds().count()), 2);
    return true;
}

// fmt 9 formats a system_clock time in the local time zone; times here are UTC.
std::string utc(sys_seconds time, char separator, const char* suffix) {
    char text[Timestamp::kSqlLength];
    if (write_utc(time, separator, text)) {
        std::string out(text, sizeof text);
        out += suffix;
        return out;
    }
    // Not storable; only shown in messages. Beyond chrono's years (an unset
    // time) the day arithmetic would overflow.
    constexpr sys_seconds shown_first = sys_days{year::min() / 1 / 1};
    constexpr sys_seconds shown_last = sys_days{year::max() / 12 / 31};
    if (time < shown_first || time > shown_last) return "(no time)";
    const auto day = floor<days>(time);
    const year_month_day ymd{day};
    const hh_mm_ss hms{time - day};
    return fmt::format("{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}{}", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                       separator, hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                       suffix);
}

}  // namespace

std::string Timestamp::sql() const {
    return utc(time, ' ', "");
}

bool Timestamp::write_sql(char (&out)[kSqlLength]) const {
    // The rows of a bulk insert, and the columns of one row, are stamped with
    // the same second: format it once.
    thread_local bool known = false;
    thread_local sys_seconds last;
    thread_local char last_text[kSqlLength];
    if (!known || time != last) {
        if (!write_utc(time, ' ', last_text)) return false;
        known = true;
        last = time;
    }
    std::memcpy(out, last_text, kSqlLength);
    return true;
}

std::string Timestamp::rfc3339() const {
    return utc(time, 'T', "Z");
}

std::string describe(const Value& value, std::size_t max_chars) {
    struct Visitor {
        std::size_t max_chars;
        std::string operator()(std::monostate) const { return "NULL"; }
        std::string operator()(std::int64_t v) const { return std::to_string(v); }
        std::string operator()(double v) const { return fmt::format("{}", v); }
        std::string operator()(const std::string& v) const {
            if (v.size() <= max_chars) return "'" + v + "'";
            const auto cut = orm::text::char_start(v, max_chars);
            return fmt::format("'{}…' ({} bytes)", v.substr(0, cut), v.size());
        }
    };
    return std::visit(Visitor{max_chars}, value);
}

}  // namespace orm
