#pragma once
// Shared by the benchmark programs: the connection set-up `notes` uses (same
// flags, pragmas and busy timeout as lib/orm's SQLite dialect), JSON string
// escaping, and a small error check. Raw SQLite C API only.
#include <sqlite3.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace bench {

[[noreturn]] inline void die(sqlite3* db, const char* what) {
    std::fprintf(stderr, "bench: %s: %s\n", what, db ? sqlite3_errmsg(db) : "error");
    std::exit(3);
}

inline void check(sqlite3* db, int rc, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) die(db, what);
}

// What orm::SqliteConnection does on open: read-write (+create), a 5 s busy
// timeout, no checkpoint on close, then the three pragmas in one exec.
inline sqlite3* open_like_notes(const char* path, bool create = true) {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &db, flags, nullptr) != SQLITE_OK) die(db, "open");
    sqlite3_busy_timeout(db, 5000);
    sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    check(db,
          sqlite3_exec(db,
                       "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; "
                       "PRAGMA synchronous = NORMAL",
                       nullptr, nullptr, nullptr),
          "pragmas");
    return db;
}

inline void exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        std::fprintf(stderr, "bench: %s: %s\n", sql, error ? error : "error");
        std::exit(3);
    }
}

inline sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) die(db, sql);
    return statement;
}

inline std::string_view column_text(sqlite3_stmt* statement, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
    return {text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(statement, column))};
}

// Appends `text` as a JSON string (quotes included), escaping what RFC 8259
// requires.
inline void append_json_string(std::string& out, std::string_view text) {
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (const char ch : text) {
        const auto u = static_cast<unsigned char>(ch);
        switch (ch) {
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
                if (u < 0x20) {
                    out += "\\u00";
                    out += hex[u >> 4];
                    out += hex[u & 15];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

// One note as `notes export` writes it: a compact JSON object and a newline.
inline void append_note_json(std::string& line, std::int64_t id, std::string_view category,
                             std::string_view text, std::string_view created,
                             std::string_view updated);

// 'YYYY-MM-DD HH:MM:SS' (as stored) -> 'YYYY-MM-DDTHH:MM:SSZ' (as exported).
inline void append_rfc3339(std::string& out, std::string_view stored) {
    if (stored.size() == 19 && stored[10] == ' ') {
        out.append(stored.substr(0, 10));
        out += 'T';
        out.append(stored.substr(11));
        out += 'Z';
    } else {
        out.append(stored);
    }
}

inline void append_note_json(std::string& line, std::int64_t id, std::string_view category,
                             std::string_view text, std::string_view created,
                             std::string_view updated) {
    line += "{\"id\":";
    line += std::to_string(id);
    line += ",\"category\":";
    append_json_string(line, category);
    line += ",\"text\":";
    append_json_string(line, text);
    line += ",\"created_at\":\"";
    append_rfc3339(line, created);
    line += "\",\"updated_at\":\"";
    append_rfc3339(line, updated);
    line += "\"}\n";
}

}  // namespace bench
