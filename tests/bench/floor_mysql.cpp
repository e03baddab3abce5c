// bench_floor_mysql: the floor for each `notes` operation on MariaDB/MySQL.
// The same work with libmariadb's C API and nothing else, as an expert
// would write a one-shot command: one connection (utf8mb4 chosen in the
// handshake, no session set-up), each statement parameterised and sent with
// mariadb_stmt_execute_direct (prepare and execute in one round trip), one
// statement per command where one can do it (category names joined; a
// single statement needs no BEGIN/COMMIT; export reads the names first, see
// op_export), results read in the binary
// protocol and streamed, and the output of the SQLite floor (note_output.hpp).
//
//   bench_floor_mysql add      URL CATEGORY TEXT   a note, creating the category if needed
//   bench_floor_mysql search   URL WORD LIMIT      MATCH ... AGAINST '+WORD*', best first
//   bench_floor_mysql list-cat URL CATEGORY LIMIT  a category's notes, newest first
//   bench_floor_mysql list     URL                 every category with its note count, by
//                                                  name (from the counts the schema keeps)
//   bench_floor_mysql show     URL ID              one note
//   bench_floor_mysql export   URL                 every note as JSON Lines, oldest first
//
// URL: mysql://USER[:PASSWORD]@HOST[:PORT]/DATABASE (no escapes, no query).
// WORD is one plain word (letters and digits), as the benchmark searches.
// Exit status: 0 done, 1 not found, 2 usage, 3 database error.
#include <mysql.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "note_output.hpp"

namespace {

char out_buffer[1 << 16];

[[noreturn]] void die(const char* what, const char* error) {
    std::fprintf(stderr, "bench_floor_mysql: %s: %s\n", what, error);
    std::exit(3);
}

std::string now_sql() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

MYSQL* connect(std::string_view url) {
    constexpr std::string_view scheme = "mysql://";
    if (url.substr(0, scheme.size()) != scheme) die("url", "not mysql://USER@HOST:PORT/DB");
    url.remove_prefix(scheme.size());
    const auto at = url.rfind('@'), slash = url.find('/', at == url.npos ? 0 : at);
    if (at == url.npos || slash == url.npos) die("url", "not mysql://USER@HOST:PORT/DB");
    const auto credentials = url.substr(0, at), address = url.substr(at + 1, slash - at - 1);
    const auto colon = credentials.find(':'), port_colon = address.rfind(':');
    const std::string user(credentials.substr(0, colon)),
        password(colon == credentials.npos ? "" : credentials.substr(colon + 1)),
        host(address.substr(0, port_colon)), database(url.substr(slash + 1));
    const unsigned port =
        port_colon == address.npos
            ? 0
            : static_cast<unsigned>(std::atoi(std::string(address.substr(port_colon + 1)).c_str()));
    MYSQL* db = mysql_init(nullptr);
    const my_bool report_truncation = 1;
    mysql_optionsv(db, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    // A text longer than the column buffer is reported, then read again whole.
    mysql_optionsv(db, MYSQL_REPORT_DATA_TRUNCATION, &report_truncation);
    if (!mysql_real_connect(db, host.c_str(), user.c_str(),
                            password.empty() ? nullptr : password.c_str(), database.c_str(), port,
                            nullptr, 0))
        die("connect", mysql_error(db));
    return db;
}

// A statement's parameter: text or an integer.
struct Arg {
    Arg(std::string_view t) : text(t), is_text(true) {}
    Arg(const char* t) : text(t), is_text(true) {}
    Arg(const std::string& t) : text(t), is_text(true) {}
    Arg(long long i) : integer(i), is_text(false) {}
    std::string_view text;
    long long integer = 0;
    bool is_text;
};

// One executed statement and, if it returns rows, its columns bound as
// integers (integer columns) or growing text buffers (every other column,
// times converted to 'YYYY-MM-DD HH:MM:SS' by the client library).
class Statement {
  public:
    Statement(MYSQL* db, std::string_view sql, std::vector<Arg> args) : args_(std::move(args)) {
        stmt_ = mysql_stmt_init(db);
        if (!stmt_) die("statement", mysql_error(db));
        std::vector<MYSQL_BIND> params(args_.size());
        for (std::size_t i = 0; i < args_.size(); ++i) {
            auto& p = params[i];
            std::memset(&p, 0, sizeof p);
            if (args_[i].is_text) {
                p.buffer_type = MYSQL_TYPE_STRING;
                p.buffer = const_cast<char*>(args_[i].text.data());
                p.buffer_length = args_[i].text.size();
            } else {
                p.buffer_type = MYSQL_TYPE_LONGLONG;
                p.buffer = &args_[i].integer;
            }
        }
        // execute_direct needs the parameters bound before the statement is
        // known: say how many there are.
        unsigned int count = static_cast<unsigned int>(params.size());
        mysql_stmt_attr_set(stmt_, STMT_ATTR_PREBIND_PARAMS, &count);
        if (count && mysql_stmt_bind_param(stmt_, params.data())) fail(sql);
        if (mariadb_stmt_execute_direct(stmt_, sql.data(), sql.size())) fail(sql);
        bind_result(sql);
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() { mysql_stmt_close(stmt_); }

    bool next() {
        if (columns_.empty()) return false;
        const int rc = mysql_stmt_fetch(stmt_);
        if (rc == MYSQL_NO_DATA) return false;
        if (rc == 1) fail("fetch");
        if (rc == MYSQL_DATA_TRUNCATED) {
            for (std::size_t i = 0; i < columns_.size(); ++i) {
                auto& c = columns_[i];
                if (c.integer_column || c.length <= c.text.size()) continue;
                c.text.resize(c.length);
                binds_[i].buffer = c.text.data();
                binds_[i].buffer_length = c.text.size();
                if (mysql_stmt_fetch_column(stmt_, &binds_[i], static_cast<unsigned>(i), 0))
                    fail("fetch column");
            }
            // The bigger buffers serve the following rows too.
            if (mysql_stmt_bind_result(stmt_, binds_.data())) fail("bind result");
        }
        return true;
    }
    std::int64_t integer(std::size_t i) const { return columns_[i].integer; }
    std::string_view text(std::size_t i) const {
        const auto& c = columns_[i];
        return c.is_null ? std::string_view{}
                         : std::string_view(c.text.data(),
                                            std::min<std::size_t>(c.length, c.text.size()));
    }
    std::uint64_t affected_rows() const { return mysql_stmt_affected_rows(stmt_); }
    std::uint64_t insert_id() const { return mysql_stmt_insert_id(stmt_); }

  private:
    struct Column {
        std::vector<char> text;
        long long integer = 0;
        unsigned long length = 0;
        my_bool is_null = 0, error = 0;
        bool integer_column = false;
    };

    [[noreturn]] void fail(std::string_view what) const {
        die(std::string(what).c_str(), mysql_stmt_error(stmt_));
    }

    void bind_result(std::string_view sql) {
        const unsigned n = mysql_stmt_field_count(stmt_);
        if (n == 0) return;
        MYSQL_RES* meta = mysql_stmt_result_metadata(stmt_);
        if (!meta) fail(sql);
        const MYSQL_FIELD* fields = mysql_fetch_fields(meta);
        columns_.resize(n);
        binds_.resize(n);
        for (unsigned i = 0; i < n; ++i) {
            auto& c = columns_[i];
            auto& b = binds_[i];
            std::memset(&b, 0, sizeof b);
            c.integer_column =
                fields[i].type == MYSQL_TYPE_LONGLONG || fields[i].type == MYSQL_TYPE_LONG;
            if (c.integer_column) {
                b.buffer_type = MYSQL_TYPE_LONGLONG;
                b.buffer = &c.integer;
            } else {
                c.text.resize(256);
                b.buffer_type = MYSQL_TYPE_STRING;
                b.buffer = c.text.data();
                b.buffer_length = c.text.size();
            }
            b.length = &c.length;
            b.is_null = &c.is_null;
            b.error = &c.error;
        }
        mysql_free_result(meta);
        if (mysql_stmt_bind_result(stmt_, binds_.data())) fail(sql);
    }

    MYSQL_STMT* stmt_ = nullptr;
    std::vector<Arg> args_;
    std::vector<Column> columns_;
    std::vector<MYSQL_BIND> binds_;
};

void query(MYSQL* db, const char* sql) {
    if (mysql_query(db, sql)) die(sql, mysql_error(db));
}

int op_add(MYSQL* db, const char* category, const char* text) {
    const auto now = now_sql();
    // The usual case, an existing category, is one statement: atomic alone.
    std::int64_t id = 0;
    {
        Statement insert(db,
                         "INSERT INTO notes (text, category_id, created_at, updated_at) "
                         "SELECT ?, id, ?, ? FROM categories WHERE name = ?",
                         {text, now, now, category});
        if (insert.affected_rows() == 1) id = static_cast<std::int64_t>(insert.insert_id());
    }
    if (id == 0) {
        query(db, "START TRANSACTION");
        std::int64_t category_id = 0;
        {
            Statement c(db, "INSERT INTO categories (name, created_at) VALUES (?, ?)",
                        {category, now});
            category_id = static_cast<std::int64_t>(c.insert_id());
        }
        Statement insert(db,
                         "INSERT INTO notes (text, category_id, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?)",
                         {text, static_cast<long long>(category_id), now, now});
        id = static_cast<std::int64_t>(insert.insert_id());
        if (mysql_commit(db)) die("commit", mysql_error(db));
        std::fprintf(stderr, "created category '%s'\n", category);
    }
    std::printf("added note %lld to '%s'\n", static_cast<long long>(id), category);
    return 0;
}

int op_search(MYSQL* db, const char* word, const char* limit) {
    const std::string against = std::string("+") + word + "*";
    Statement s(db,
                "SELECT notes.id, notes.text, notes.created_at, categories.name FROM notes "
                "JOIN categories ON categories.id = notes.category_id "
                "WHERE MATCH (notes.text) AGAINST (? IN BOOLEAN MODE) "
                "ORDER BY -(MATCH (notes.text) AGAINST (? IN BOOLEAN MODE)), "
                "notes.created_at DESC, notes.id DESC LIMIT ?",
                {against, against, std::atoll(limit)});
    while (s.next())
        bench::print_note(s.integer(0), s.text(2), s.text(3), s.text(1));
    return 0;
}

int op_list_category(MYSQL* db, const char* category, const char* limit) {
    std::size_t rows = 0;
    {
        Statement s(db,
                    "SELECT notes.id, notes.text, notes.created_at FROM categories "
                    "JOIN notes ON notes.category_id = categories.id WHERE categories.name = ? "
                    "ORDER BY notes.created_at DESC, notes.id DESC LIMIT ?",
                    {category, std::atoll(limit)});
        for (; s.next(); ++rows)
            bench::print_note(s.integer(0), s.text(2), category, s.text(1));
    }
    if (rows == 0) {  // an empty category, or none: only then ask which
        Statement s(db, "SELECT id FROM categories WHERE name = ?", {category});
        if (!s.next()) {
            std::fprintf(stderr, "no category named '%s'\n", category);
            return 1;
        }
    }
    return 0;
}

int op_list(MYSQL* db) {
    Statement s(db,
                "SELECT categories.name, COALESCE(category_counts.notes, 0), categories.created_at "
                "FROM categories LEFT JOIN category_counts "
                "ON category_counts.category_id = categories.id ORDER BY categories.name",
                {});
    bench::print_category_header();
    while (s.next())
        bench::print_category(s.text(0), s.integer(1), s.text(2));
    return 0;
}

int op_show(MYSQL* db, const char* id) {
    Statement s(db,
                "SELECT notes.id, notes.text, notes.created_at, notes.updated_at, categories.name "
                "FROM notes JOIN categories ON categories.id = notes.category_id "
                "WHERE notes.id = ?",
                {std::atoll(id)});
    if (!s.next()) {
        std::fprintf(stderr, "no note with id %s\n", id);
        return 1;
    }
    bench::print_show(s.integer(0), s.text(4), s.text(2), s.text(3), s.text(1));
    return 0;
}

int op_export(MYSQL* db) {
    // The category names first, then the notes alone in index order: on a
    // join, MariaDB 10.11 reads the categories first and sorts all the rows
    // in a temporary table (EXPLAIN: Using temporary; Using filesort): at
    // 20,000 notes 0.12-0.21 s against 0.07-0.10 s for these two statements.
    std::unordered_map<std::int64_t, std::string> names;
    {
        Statement s(db, "SELECT id, name FROM categories", {});
        while (s.next())
            names.emplace(s.integer(0), std::string(s.text(1)));
    }
    Statement s(db,
                "SELECT id, text, category_id, created_at, updated_at FROM notes "
                "ORDER BY created_at, id",
                {});
    std::string line;
    while (s.next()) {
        line.clear();
        bench::append_note_json(line, s.integer(0), names.at(s.integer(2)), s.text(1), s.text(3),
                                s.text(4));
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
    return 0;
}

int usage() {
    std::fputs(
        "usage: bench_floor_mysql add URL CATEGORY TEXT | search URL WORD LIMIT |\n"
        "       list-cat URL CATEGORY LIMIT | list URL | show URL ID | export URL\n",
        stderr);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage();
    std::setvbuf(stdout, out_buffer, _IOFBF, sizeof out_buffer);
    const std::string_view op = argv[1];
    const int args = argc - 3;
    auto need = [&](int n) { return args == n; };
    if (!((op == "add" && need(2)) || (op == "search" && need(2)) ||
          (op == "list-cat" && need(2)) || (op == "list" && need(0)) || (op == "show" && need(1)) ||
          (op == "export" && need(0))))
        return usage();
    MYSQL* db = connect(argv[2]);
    int rc = 0;
    if (op == "add")
        rc = op_add(db, argv[3], argv[4]);
    else if (op == "search")
        rc = op_search(db, argv[3], argv[4]);
    else if (op == "list-cat")
        rc = op_list_category(db, argv[3], argv[4]);
    else if (op == "list")
        rc = op_list(db);
    else if (op == "show")
        rc = op_show(db, argv[3]);
    else
        rc = op_export(db);
    std::fflush(stdout);
    mysql_close(db);
    return rc;
}
