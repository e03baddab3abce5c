#pragma once
// The values that cross the boundary between models and backends.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace orm {

// A point in time with second precision, always UTC. Stored as
// 'YYYY-MM-DD HH:MM:SS' text on SQLite and DATETIME on MySQL, so only years
// 0001-9999 survive the round trip (representable()). A default-constructed
// Timestamp is "not set" (the column default applies); 1970-01-01 is a time
// like any other.
struct Timestamp {
    std::chrono::sys_seconds time = std::chrono::sys_seconds::min();

    static Timestamp now();
    // Parses 'YYYY-MM-DD HH:MM:SS' and RFC 3339 ('YYYY-MM-DDTHH:MM:SSZ', with an
    // optional fraction and a Z or ±HH:MM offset). Returns nullopt when malformed.
    static std::optional<Timestamp> parse(std::string_view text);

    bool is_set() const { return time != std::chrono::sys_seconds::min(); }
    // The year in UTC; representable(): 1 to 9999, what the storage formats hold.
    int year_utc() const;
    bool representable() const;
    std::string sql() const;  // 'YYYY-MM-DD HH:MM:SS'
    // sql() written into `out` without allocating; false (nothing written)
    // for a year outside 0-9999, which needs more than kSqlLength characters.
    static constexpr std::size_t kSqlLength = 19;
    bool write_sql(char (&out)[kSqlLength]) const;
    std::string rfc3339() const;  // 'YYYY-MM-DDTHH:MM:SSZ'
    auto operator<=>(const Timestamp&) const = default;
};

// A bound parameter or a column value. monostate is SQL NULL; booleans and
// timestamps travel as integers and text.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

// For logs and error messages: a value as a short, quoted literal.
std::string describe(const Value& value, std::size_t max_chars = 60);

}  // namespace orm
