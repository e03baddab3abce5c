#pragma once
#include <chrono>
#include <cstddef>

namespace orm {

struct EngineOptions {
    // Log every statement and its bound values (spdlog, level info).
    bool echo = false;
    // How long a writer waits for a lock held by another connection.
    std::chrono::milliseconds busy_timeout{5000};
    // Server backends: how long to wait for a connection or a reply.
    std::chrono::seconds connect_timeout{5};
    std::chrono::seconds read_timeout{30};
    // SQLite: create the file when it does not exist.
    bool create = true;
    // SQLite: the most memory each connection's page cache may hold, in KiB
    // (0: SQLite's default, about 2 MiB). A short-lived process reads most
    // pages once: a small cache costs it no time and keeps its memory the
    // same at any database size.
    std::size_t page_cache_kib = 0;
};

}  // namespace orm
