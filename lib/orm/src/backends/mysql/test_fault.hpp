#pragma once
// TEST HOOK, for the fault-injection tests only (tests/cli/test_faults.cpp).
//
// With ORM_TEST_FAULT=kill-at:N in the environment, just before this process
// sends its N-th statement to a MySQL/MariaDB server (counting from 1, every
// statement and script, across reconnects), a second connection runs a real
// `KILL CONNECTION` of the first one's session, as an administrator or a
// server restart would. The statement then fails with the client library's
// own error (lost connection); nothing is simulated. The hook reports on
// stderr, "ORM_TEST_FAULT: killed the connection before statement N: SQL",
// so that a test knows it fired and at which statement. Without the variable
// nothing happens beyond one getenv per connection.
#include <mysql.h>

#include <cstdint>
#include <functional>
#include <string_view>

namespace orm {

class MysqlTestFault {
  public:
    // Reads ORM_TEST_FAULT; `connect` opens a second session to the same server.
    explicit MysqlTestFault(std::function<MYSQL*()> connect);
    bool active() const { return kill_at_ != 0; }
    // Call before each statement sent on `session`.
    void before_statement(MYSQL* session, std::string_view sql);

  private:
    std::function<MYSQL*()> connect_;
    std::uint64_t kill_at_ = 0;
};

}  // namespace orm
