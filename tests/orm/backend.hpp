#pragma once
// The backend fixture of the ORM tests: fresh engines for the backend under
// test (tests/support), and a few backend-neutral helpers.
//
//   auto engine = test::make_engine();      // sqlite:// , or the server's test
//                                           // database with every test table dropped
//   test::Db db;                            // engine + all test tables + a session
//
// Tests are backend-neutral: they build SQL only from dialect-quoted names.
// A test that only applies where a capability holds starts with
// SKIP_UNLESS(test::capabilities().file_database, why), which elsewhere
// prints the marker CTest reports as "Skipped".
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/logger.h>

#include "backends.hpp"
#include "models.hpp"
#include "orm/orm.hpp"

namespace test {

// The backend under test and its capabilities (tests/support).
using support::Backend;
using support::backend;
using support::capabilities;
using support::skip;

// Every table of the test models (models.hpp).
orm::MetaData& all_tables();
// The schema-version table the tests use.
inline constexpr const char* kMetaTable = "ormt_meta";
// Drops every table the suite may create (a server starts each test clean this way).
void drop_test_tables(orm::Connection& connection);

// A fresh engine for the current backend: SQLite in memory, or the server's
// test database with all test tables dropped first. Not connected yet on SQLite.
std::unique_ptr<orm::Engine> make_engine(orm::EngineOptions options = {});

// A temporary folder, removed with everything in it at the end of the scope.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

// For tests that need a database shared by several connections: a SQLite file
// in `dir`, or (a server) the same as make_engine().
std::unique_ptr<orm::Engine> make_file_engine(const TempDir& dir, orm::EngineOptions options = {},
                                              const std::string& file = "test.db");

// An engine with every test table created, and a session on it.
struct Db {
    explicit Db(orm::EngineOptions options = {});
    explicit Db(std::unique_ptr<orm::Engine> engine);
    orm::Connection& conn() { return engine->connection(); }
    const orm::Dialect& dialect() const { return engine->dialect(); }
    std::string q(std::string_view identifier) const { return dialect().quote(identifier); }

    std::unique_ptr<orm::Engine> engine;
    orm::Session session;
};

// The first column of the first row of a SELECT.
std::int64_t scalar(orm::Connection& connection, const std::string& sql,
                    const std::vector<orm::Value>& params = {});
std::string scalar_text(orm::Connection& connection, const std::string& sql,
                        const std::vector<orm::Value>& params = {});
// SELECT COUNT(*) FROM table.
std::int64_t count_rows(orm::Connection& connection, std::string_view table);
// Index names on `table`, from the backend's catalog (backend-specific SQL, here only).
std::vector<std::string> index_names(orm::Connection& connection, std::string_view table);

// Captures spdlog's default logger while alive (for `echo`).
class LogCapture {
  public:
    LogCapture();
    ~LogCapture();
    LogCapture(const LogCapture&) = delete;
    LogCapture& operator=(const LogCapture&) = delete;
    std::string text() const { return out_.str(); }
    void clear() { out_.str({}); }

  private:
    std::ostringstream out_;
    std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace test
