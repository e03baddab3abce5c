#pragma once
// Database URLs, SQLAlchemy style:
//   notes.db                       a SQLite file (anything without "://")
//   sqlite:///relative.db          a SQLite file relative to the current folder
//   sqlite:////abs/path.db         a SQLite file by absolute path
//   sqlite://                      SQLite in memory
//   mysql://user:pw@host:port/db   MySQL / MariaDB (also mariadb://), ?socket=/path
//   postgresql://user:pw@host:port/db  PostgreSQL (also postgres://), ?host=/socket/folder
// User, password, database and query values are percent-decoded.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orm {

struct Url {
    std::string backend;  // "sqlite", "mysql" (mariadb:// is mysql) or "postgresql"
    std::string scheme;   // as written: "sqlite", "mysql", "postgres"...; empty for a plain path
    // SQLite
    std::string path;  // file path; empty with `memory`
    bool memory = false;
    // Servers
    std::string user, password, host, database;
    std::optional<std::uint16_t> port;
    std::map<std::string, std::string> query;

    // Throws UrlError naming the URL (redacted) and what is wrong with it.
    static Url parse(std::string_view text);

    // The URL for logs and messages: the password is never shown.
    std::string redacted() const;
    // The local files the database lives in (a SQLite file and its -wal,
    // -shm and -journal files); none for a server or an in-memory database.
    std::vector<std::string> local_files() const;
};

// `text` (a message, a log line, a malformed URL) with every password that a
// URL-like word in it may carry replaced by "***": "scheme:[//]user:PW@...",
// "scheme://user:PW/..." (no '@': PW is not a port) and "?password=PW". The
// one redaction every message and log line on stderr goes through; it masks
// too much rather than too little.
std::string redact_secrets(std::string_view text);

}  // namespace orm
