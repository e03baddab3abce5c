#pragma once
// The backend fixture of the domain tests. The backend under test comes from
// tests/support; each test gets a fresh, empty database:
//
//   nt::TestDb db;                 // SQLite: a file in a temp dir of its own;
//                                  // a server: its test database after drop_all()
//   notes::Notebook book(db.url());
//   db.exec("INSERT INTO " + db.q("categories") + " (" + db.q("name") + ") VALUES (?)", {"x"});
//
// Raw SQL goes through an ORM connection of its own (another program's view
// of the database), built only from dialect-quoted names, so it runs on both
// every backend.
#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "backends.hpp"
#include "notes/notebook.hpp"
#include "orm/orm.hpp"

namespace nt {

// The backend under test and its capabilities (tests/support).
using support::Backend;
using support::backend;
using support::capabilities;
using support::skip;

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

// A fresh, empty database for one test.
class TestDb {
  public:
    TestDb();
    ~TestDb();
    TestDb(const TestDb&) = delete;
    TestDb& operator=(const TestDb&) = delete;

    const std::string& url() const { return url_; }
    // SQLite only: the database file (it may not exist yet).
    const std::filesystem::path& file() const { return file_; }

    // Plain SQL beside the notebook, on a connection of its own.
    std::int64_t exec(const std::string& sql, const std::vector<orm::Value>& params = {});
    std::int64_t scalar(const std::string& sql, const std::vector<orm::Value>& params = {});
    std::string scalar_text(const std::string& sql, const std::vector<orm::Value>& params = {});
    // A quoted identifier for raw SQL.
    std::string q(std::string_view identifier);
    // Closes the raw connection (e.g. before the file is replaced).
    void close_raw();
    orm::Connection& raw();

  private:
    TempDir dir_;
    std::filesystem::path file_;
    std::string url_;
    std::unique_ptr<orm::Engine> raw_;
};

// Ids of a list of note views / search hits, in order.
std::vector<std::int64_t> ids(const std::vector<notes::NoteView>& notes);
std::vector<std::int64_t> ids(const std::vector<notes::SearchHit>& hits);
// Texts of search hits, in order.
std::vector<std::string> texts(const std::vector<notes::SearchHit>& hits);

// A timestamp from 'YYYY-MM-DD HH:MM:SS' (the test fails on a malformed one).
orm::Timestamp ts(std::string_view text);

// Every note of the notebook as exported, oldest first.
std::vector<notes::NoteView> exported(notes::Notebook& book,
                                      const std::optional<std::string>& category = std::nullopt);

// The message of the `E` that `f` throws; a failed check (and "") when it
// throws something else or nothing.
template <class E, class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return e.what();
    } catch (const std::exception& e) {
        FAIL_CHECK("expected " << typeid(E).name() << ", got " << typeid(e).name() << ": "
                               << e.what());
        return {};
    }
    FAIL_CHECK("expected " << typeid(E).name() << ", nothing was thrown");
    return {};
}

// An import source over `records`; line numbers are set from the position (1-based).
notes::ImportRecords records(std::vector<notes::ImportRecord> records);

}  // namespace nt
