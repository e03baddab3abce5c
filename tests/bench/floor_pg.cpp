// bench_floor_pg: the floor for each `notes` operation on PostgreSQL. The
// same work with libpq and nothing else, as an expert would write a one-shot
// command: one connection (client_encoding UTF8 in the start-up packet, no
// session set-up), each statement parameterised with PQexecParams (parse,
// bind and execute in one round trip), one statement per command where one
// can do it (category names joined; a single statement needs no
// BEGIN/COMMIT; export reads the names first, see op_export), export
// streamed row by row (single-row mode), search
// through the schema's own full-text functions (orm_fts1_document and
// orm_fts1_query, as notes' schema defines them), and the output of the
// SQLite floor (note_output.hpp).
//
//   bench_floor_pg add      URL CATEGORY TEXT   a note, creating the category if needed
//   bench_floor_pg search   URL WORD LIMIT      full-text match, best first
//   bench_floor_pg list-cat URL CATEGORY LIMIT  a category's notes, newest first
//   bench_floor_pg list     URL                 every category with its note count, by
//                                               name (from the counts the schema keeps)
//   bench_floor_pg show     URL ID              one note
//   bench_floor_pg export   URL                 every note as JSON Lines, oldest first
//
// URL: any libpq connection string, e.g. postgresql://USER:PASSWORD@HOST:PORT/DB.
// Exit status: 0 done, 1 not found, 2 usage, 3 database error.
#include <libpq-fe.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "note_output.hpp"

namespace {

char out_buffer[1 << 16];

[[noreturn]] void die(const char* what, const char* error) {
    std::fprintf(stderr, "bench_floor_pg: %s: %s", what, error);
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

PGconn* connect(const char* url) {
    const char* keys[] = {"dbname", "client_encoding", nullptr};
    const char* values[] = {url, "UTF8", nullptr};
    PGconn* db = PQconnectdbParams(keys, values, 1);  // 1: dbname may be a URL
    if (PQstatus(db) != CONNECTION_OK) die("connect", PQerrorMessage(db));
    return db;
}

// A result that is freed with its scope.
class Result {
  public:
    explicit Result(PGresult* r) : r_(r) {}
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    ~Result() { PQclear(r_); }
    int rows() const { return PQntuples(r_); }
    std::string_view text(int row, int column) const {
        return {PQgetvalue(r_, row, column),
                static_cast<std::size_t>(PQgetlength(r_, row, column))};
    }
    std::int64_t integer(int row, int column) const {
        return std::strtoll(PQgetvalue(r_, row, column), nullptr, 10);
    }

  private:
    PGresult* r_;
};

// One statement, its parameters as text (the server infers their types),
// results as text.
PGresult* run(PGconn* db, const char* sql, std::initializer_list<const char*> params) {
    const std::vector<const char*> values(params);
    PGresult* r = PQexecParams(db, sql, static_cast<int>(values.size()), nullptr, values.data(),
                               nullptr, nullptr, 0);
    const auto status = PQresultStatus(r);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) die(sql, PQerrorMessage(db));
    return r;
}

int op_add(PGconn* db, const char* category, const char* text) {
    const auto now = now_sql();
    // The usual case, an existing category, is one statement: atomic alone.
    std::int64_t id = 0;
    {
        Result r(run(db,
                     "INSERT INTO notes (text, category_id, created_at, updated_at) "
                     "SELECT $1::text, id, $2::timestamp, $2::timestamp FROM categories "
                     "WHERE name = $3 RETURNING id",
                     {text, now.c_str(), category}));
        if (r.rows() == 1) id = r.integer(0, 0);
    }
    if (id == 0) {
        Result(run(db, "BEGIN", {}));
        Result c(run(db, "INSERT INTO categories (name, created_at) VALUES ($1, $2) RETURNING id",
                     {category, now.c_str()}));
        const auto category_id = std::to_string(c.integer(0, 0));
        Result r(run(db,
                     "INSERT INTO notes (text, category_id, created_at, updated_at) "
                     "VALUES ($1, $2, $3, $3) RETURNING id",
                     {text, category_id.c_str(), now.c_str()}));
        id = r.integer(0, 0);
        Result(run(db, "COMMIT", {}));
        std::fprintf(stderr, "created category '%s'\n", category);
    }
    std::printf("added note %lld to '%s'\n", static_cast<long long>(id), category);
    return 0;
}

int op_search(PGconn* db, const char* word, const char* limit) {
    Result r(run(db,
                 "SELECT notes.id, notes.text, notes.created_at, categories.name FROM notes "
                 "JOIN categories ON categories.id = notes.category_id "
                 "WHERE orm_fts1_document(notes.text) @@ orm_fts1_query($1, TRUE) "
                 "ORDER BY -ts_rank(orm_fts1_document(notes.text), orm_fts1_query($1, TRUE)), "
                 "notes.created_at DESC, notes.id DESC LIMIT $2",
                 {word, limit}));
    for (int i = 0; i < r.rows(); ++i)
        bench::print_note(r.integer(i, 0), r.text(i, 2), r.text(i, 3), r.text(i, 1));
    return 0;
}

int op_list_category(PGconn* db, const char* category, const char* limit) {
    Result r(run(db,
                 "SELECT notes.id, notes.text, notes.created_at FROM categories "
                 "JOIN notes ON notes.category_id = categories.id WHERE categories.name = $1 "
                 "ORDER BY notes.created_at DESC, notes.id DESC LIMIT $2",
                 {category, limit}));
    for (int i = 0; i < r.rows(); ++i)
        bench::print_note(r.integer(i, 0), r.text(i, 2), category, r.text(i, 1));
    if (r.rows() == 0) {  // an empty category, or none: only then ask which
        Result c(run(db, "SELECT id FROM categories WHERE name = $1", {category}));
        if (c.rows() == 0) {
            std::fprintf(stderr, "no category named '%s'\n", category);
            return 1;
        }
    }
    return 0;
}

int op_list(PGconn* db) {
    Result r(run(db,
                 "SELECT categories.name, COALESCE(category_counts.notes, 0), "
                 "categories.created_at FROM categories LEFT JOIN category_counts "
                 "ON category_counts.category_id = categories.id ORDER BY categories.name",
                 {}));
    bench::print_category_header();
    for (int i = 0; i < r.rows(); ++i)
        bench::print_category(r.text(i, 0), r.integer(i, 1), r.text(i, 2));
    return 0;
}

int op_show(PGconn* db, const char* id) {
    Result r(run(db,
                 "SELECT notes.id, notes.text, notes.created_at, notes.updated_at, categories.name "
                 "FROM notes JOIN categories ON categories.id = notes.category_id "
                 "WHERE notes.id = $1",
                 {id}));
    if (r.rows() == 0) {
        std::fprintf(stderr, "no note with id %s\n", id);
        return 1;
    }
    bench::print_show(r.integer(0, 0), r.text(0, 4), r.text(0, 2), r.text(0, 3), r.text(0, 1));
    return 0;
}

int op_export(PGconn* db) {
    // The category names first, then the notes alone in index order: on a
    // join, PostgreSQL 15 hashes the categories and sorts every row (on
    // disk past work_mem: 45 ms of a 20,000-note export, where the index
    // scan of the notes alone takes 4 ms).
    std::unordered_map<std::int64_t, std::string> names;
    {
        Result r(run(db, "SELECT id, name FROM categories", {}));
        for (int i = 0; i < r.rows(); ++i)
            names.emplace(r.integer(i, 0), std::string(r.text(i, 1)));
    }
    // Row by row: memory stays flat whatever the number of notes.
    const char* sql =
        "SELECT id, text, category_id, created_at, updated_at FROM notes ORDER BY created_at, id";
    if (!PQsendQueryParams(db, sql, 0, nullptr, nullptr, nullptr, nullptr, 0) ||
        !PQsetSingleRowMode(db))
        die("export", PQerrorMessage(db));
    std::string line;
    while (PGresult* r = PQgetResult(db)) {
        const auto status = PQresultStatus(r);
        if (status == PGRES_SINGLE_TUPLE) {
            const Result row(r);
            line.clear();
            bench::append_note_json(line, row.integer(0, 0), names.at(row.integer(0, 2)),
                                    row.text(0, 1), row.text(0, 3), row.text(0, 4));
            std::fwrite(line.data(), 1, line.size(), stdout);
        } else {
            PQclear(r);
            if (status != PGRES_TUPLES_OK) die("export", PQerrorMessage(db));
        }
    }
    return 0;
}

int usage() {
    std::fputs(
        "usage: bench_floor_pg add URL CATEGORY TEXT | search URL WORD LIMIT |\n"
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
    PGconn* db = connect(argv[2]);
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
    PQfinish(db);
    return rc;
}
