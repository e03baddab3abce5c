#include "test_fault.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace orm {

namespace {

// Statements sent by this process: one count across connections and reconnects,
// so that the fault fires once and the retry that follows runs undisturbed.
std::uint64_t statements_sent = 0;

}  // namespace

MysqlTestFault::MysqlTestFault(std::function<MYSQL*()> connect) : connect_(std::move(connect)) {
    const char* spec = std::getenv("ORM_TEST_FAULT");
    if (!spec) return;
    const std::string_view s(spec);
    constexpr std::string_view prefix = "kill-at:";
    if (s.substr(0, prefix.size()) != prefix) return;
    const auto digits = s.substr(prefix.size());
    std::from_chars(digits.data(), digits.data() + digits.size(), kill_at_);
}

void MysqlTestFault::before_statement(MYSQL* session, std::string_view sql) {
    if (!active() || !session || ++statements_sent != kill_at_) return;
    const auto id = mysql_thread_id(session);
    MYSQL* killer = connect_();
    if (!killer) {
        std::fprintf(stderr, "ORM_TEST_FAULT: cannot open the second connection\n");
        return;
    }
    const auto kill = fmt::format("KILL CONNECTION {}", id);
    const bool ok = mysql_real_query(killer, kill.data(), kill.size()) == 0;
    mysql_close(killer);
    std::fprintf(stderr, "ORM_TEST_FAULT: %s the connection before statement %llu: %.*s\n",
                 ok ? "killed" : "could not kill", static_cast<unsigned long long>(kill_at_),
                 static_cast<int>(std::min<std::size_t>(sql.size(), 80)), sql.data());
}

}  // namespace orm
