// bench_orm: the ORM in-process against raw prepared statements (Google
// Benchmark). Each pair runs the same statements on the same kind of database
// with the same pragmas; scripts/bench.sh divides orm by raw.
//
//   bench_orm --db=FILE [--tmp=DIR] [--rows=N] [--iterations=N] [google benchmark flags...]
//
// FILE is a database made by bench_gen (read-only here: lookups, iteration,
// counting). The insert benchmarks write fresh databases in DIR (default
// /tmp), made with notes::Notebook::init() like `notes init`.
//
//   insert/{orm,raw}        100,000 (--rows) notes in one transaction (notes schema:
//                           the full-text trigger fires for every row)
//   insert_plain/{orm,raw}  the same into a table with the same columns and
//                           indexes but no full-text index: ORM overhead alone
//   insert_uow/orm          insert_plain/orm through the unit of work
//                           (session.add + commit) instead of session.insert
//   find_by_name/{orm,raw}  1,000 Category::find_by_name lookups, one transaction
//   iterate/{orm,raw}       every note of one category, newest first (stream)
//   iterate_all/orm         the same, materialised with Query::all()
//   count/{orm,raw}         COUNT(*) of one category's notes, 100 times
//   count_all/{orm,raw}     COUNT(*) of every note
//
// With SOCI found at configure time (NOTES_BENCH_SOCI), insert_plain,
// find_by_name and iterate have a third side, /soci (soci_pairs.cpp).
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common.hpp"
#include "notes/models.hpp"
#include "notes/notebook.hpp"
#include "orm/orm.hpp"
#ifdef NOTES_BENCH_SOCI
#include "soci_pairs.hpp"
#endif

namespace {

std::string g_db;
std::string g_tmp = "/tmp";
int g_rows = 100'000;  // --rows=N
int g_iterations = 0;  // --iterations=N: fixed, for instruction counts (callgrind)
constexpr int kLookups = 1000;
constexpr int kCounts = 100;

// The notes table without its full-text index: same columns and indexes.
struct PlainNote {
    std::int64_t id = 0;
    std::string text;
    std::int64_t category_id = 0;
    orm::Timestamp created_at;
    orm::Timestamp updated_at;

    static const orm::Table<PlainNote>& table() {
        static const orm::Table<PlainNote> t =
            orm::Table<PlainNote>("plain_notes")
                .column("id", &PlainNote::id, orm::primary_key)
                .column("text", &PlainNote::text)
                .column("category_id", &PlainNote::category_id,
                        orm::references{"categories", "id", orm::OnDelete::Cascade})
                .column("created_at", &PlainNote::created_at, orm::default_now)
                .column("updated_at", &PlainNote::updated_at, orm::default_now, orm::update_now)
                .index("ix_plain_notes_category_created", {"category_id", "created_at", "id"})
                .index("ix_plain_notes_created", {"created_at", "id"});
        return t;
    }
};

std::string note_text(int i) {
    return "Benchmark note number " + std::to_string(i) +
           " with a handful of ordinary words about sqlite and databases.";
}

// A fresh database with the notes schema, the plain table and one category.
std::string fresh_db(const char* name) {
    const std::string path = g_tmp + "/bench_orm_" + std::to_string(getpid()) + "_" + name + ".db";
    for (const char* suffix : {"", "-wal", "-shm"})
        std::remove((path + suffix).c_str());
    notes::Notebook(path).init();
    auto engine = orm::create_engine(path);
    orm::Session s(*engine);
    auto tx = s.begin();
    orm::MetaData plain;
    plain.add<PlainNote>();
    plain.create_all(s.connection());
    s.add(notes::Category{.id = 0, .name = "bench", .created_at = {}});
    tx.commit();
    return path;
}

void remove_db(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"})
        std::remove((path + suffix).c_str());
}

// ---- insert ---------------------------------------------------------------

template <class T>
void insert_orm(benchmark::State& state, bool unit_of_work) {
    for (auto _ : state) {
        state.PauseTiming();
        const auto path = fresh_db("insert_orm");
        {
            auto engine = orm::create_engine(path);
            orm::Session s(*engine);
            state.ResumeTiming();
            auto tx = s.begin();
            for (int i = 0; i < g_rows; ++i) {
                T note{.id = 0,
                       .text = note_text(i),
                       .category_id = 1,
                       .created_at = {},
                       .updated_at = {}};
                if (unit_of_work)
                    s.add(std::move(note));
                else
                    s.insert(note);
            }
            tx.commit();
            state.PauseTiming();
        }
        remove_db(path);
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * g_rows);
}

void insert_raw(benchmark::State& state, const char* table) {
    const std::string sql = std::string("INSERT INTO ") + table +
                            " (text, category_id, created_at, updated_at) VALUES (?, ?, ?, ?)";
    for (auto _ : state) {
        state.PauseTiming();
        const auto path = fresh_db("insert_raw");
        sqlite3* db = bench::open_like_notes(path.c_str());
        state.ResumeTiming();
        bench::exec(db, "BEGIN IMMEDIATE");
        sqlite3_stmt* s = bench::prepare(db, sql.c_str());
        for (int i = 0; i < g_rows; ++i) {
            // Like the ORM: the text and the current time, formatted per row.
            const auto text = note_text(i);
            const auto now = orm::Timestamp::now().sql();
            sqlite3_bind_text(s, 1, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
            sqlite3_bind_int64(s, 2, 1);
            sqlite3_bind_text(s, 3, now.data(), static_cast<int>(now.size()), SQLITE_STATIC);
            sqlite3_bind_text(s, 4, now.data(), static_cast<int>(now.size()), SQLITE_STATIC);
            bench::check(db, sqlite3_step(s), "insert");
            sqlite3_reset(s);
            benchmark::DoNotOptimize(sqlite3_last_insert_rowid(db));
        }
        sqlite3_finalize(s);
        bench::exec(db, "COMMIT");
        state.PauseTiming();
        sqlite3_close(db);
        remove_db(path);
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * g_rows);
}

// ---- lookups --------------------------------------------------------------

std::vector<std::string> category_names() {
    std::vector<std::string> names;
    sqlite3* db = bench::open_like_notes(g_db.c_str());
    sqlite3_stmt* s = bench::prepare(db, "SELECT name FROM categories ORDER BY id");
    while (sqlite3_step(s) == SQLITE_ROW && names.size() < kLookups)
        names.emplace_back(bench::column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return names;
}

void find_orm(benchmark::State& state) {
    const auto names = category_names();
    auto engine = orm::create_engine(g_db);
    for (auto _ : state) {
        orm::Session s(*engine);
        auto tx = s.begin(false);
        for (const auto& name : names) {
            auto category = notes::Category::find_by_name(s, name);
            benchmark::DoNotOptimize(category->id);
        }
        tx.commit();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(names.size()));
}

void find_raw(benchmark::State& state) {
    const auto names = category_names();
    sqlite3* db = bench::open_like_notes(g_db.c_str());
    sqlite3_stmt* s =
        bench::prepare(db, "SELECT id, name, created_at FROM categories WHERE name = ? LIMIT 2");
    for (auto _ : state) {
        bench::exec(db, "BEGIN");
        for (const auto& name : names) {
            sqlite3_bind_text(s, 1, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
            if (sqlite3_step(s) != SQLITE_ROW) bench::die(db, "no such category");
            // Materialise it as the ORM does: an object with its strings.
            auto category = std::make_shared<notes::Category>();
            category->id = sqlite3_column_int64(s, 0);
            category->name = bench::column_text(s, 1);
            category->created_at =
                orm::Timestamp::parse(bench::column_text(s, 2)).value_or(orm::Timestamp{});
            benchmark::DoNotOptimize(sqlite3_step(s));  // "exactly one" needs a second step
            sqlite3_reset(s);
            benchmark::DoNotOptimize(category->id);
        }
        bench::exec(db, "COMMIT");
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(names.size()));
}

// ---- iteration ------------------------------------------------------------

constexpr std::int64_t kCategory = 1;

void iterate_orm(benchmark::State& state, bool materialise) {
    auto engine = orm::create_engine(g_db);
    std::int64_t rows = 0;
    for (auto _ : state) {
        orm::Session s(*engine);
        auto tx = s.begin(false);
        auto category = s.get<notes::Category>(kCategory);
        auto query = category->notes(s);
        query.order_by(orm::c(&notes::Note::created_at).desc())
            .order_by(orm::c(&notes::Note::id).desc());
        std::size_t bytes = 0;
        if (materialise) {
            for (const auto& note : query.all()) {
                bytes += note->text.size();
                ++rows;
            }
        } else {
            for (const auto& note : query.stream()) {
                bytes += note.text.size();
                ++rows;
            }
        }
        benchmark::DoNotOptimize(bytes);
        tx.commit();
    }
    state.SetItemsProcessed(rows);
}

void iterate_raw(benchmark::State& state) {
    sqlite3* db = bench::open_like_notes(g_db.c_str());
    sqlite3_stmt* get =
        bench::prepare(db, "SELECT id, name, created_at FROM categories WHERE id = ?");
    sqlite3_stmt* s = bench::prepare(
        db,
        "SELECT id, text, category_id, created_at, updated_at FROM notes WHERE category_id = ? "
        "ORDER BY created_at DESC, id DESC");
    std::int64_t rows = 0;
    for (auto _ : state) {
        bench::exec(db, "BEGIN");
        sqlite3_bind_int64(get, 1, kCategory);
        if (sqlite3_step(get) != SQLITE_ROW) bench::die(db, "no category 1");
        sqlite3_reset(get);
        sqlite3_bind_int64(s, 1, kCategory);
        std::size_t bytes = 0;
        notes::Note note;
        while (sqlite3_step(s) == SQLITE_ROW) {
            // Into a Note, as the ORM's stream() does.
            note.id = sqlite3_column_int64(s, 0);
            note.text = bench::column_text(s, 1);
            note.category_id = sqlite3_column_int64(s, 2);
            note.created_at =
                orm::Timestamp::parse(bench::column_text(s, 3)).value_or(orm::Timestamp{});
            note.updated_at =
                orm::Timestamp::parse(bench::column_text(s, 4)).value_or(orm::Timestamp{});
            bytes += note.text.size();
            ++rows;
        }
        sqlite3_reset(s);
        benchmark::DoNotOptimize(bytes);
        bench::exec(db, "COMMIT");
    }
    sqlite3_finalize(get);
    sqlite3_finalize(s);
    sqlite3_close(db);
    state.SetItemsProcessed(rows);
}

// ---- counting -------------------------------------------------------------

void count_orm(benchmark::State& state, bool all) {
    auto engine = orm::create_engine(g_db);
    for (auto _ : state) {
        orm::Session s(*engine);
        auto tx = s.begin(false);
        if (all) {
            benchmark::DoNotOptimize(s.query<notes::Note>().count());
        } else {
            for (int i = 0; i < kCounts; ++i) {
                const notes::Category category{.id = 1 + i, .name = {}, .created_at = {}};
                benchmark::DoNotOptimize(category.notes(s).count());
            }
        }
        tx.commit();
    }
}

void count_raw(benchmark::State& state, bool all) {
    sqlite3* db = bench::open_like_notes(g_db.c_str());
    sqlite3_stmt* s = bench::prepare(db, all ? "SELECT COUNT(*) FROM notes"
                                             : "SELECT COUNT(*) FROM notes WHERE category_id = ?");
    for (auto _ : state) {
        bench::exec(db, "BEGIN");
        for (int i = 0; i < (all ? 1 : kCounts); ++i) {
            if (!all) sqlite3_bind_int64(s, 1, 1 + i);
            if (sqlite3_step(s) != SQLITE_ROW) bench::die(db, "count");
            benchmark::DoNotOptimize(sqlite3_column_int64(s, 0));
            sqlite3_reset(s);
        }
        bench::exec(db, "COMMIT");
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i) {
        if (std::strncmp(argv[i], "--db=", 5) == 0)
            g_db = argv[i] + 5;
        else if (std::strncmp(argv[i], "--tmp=", 6) == 0)
            g_tmp = argv[i] + 6;
        else if (std::strncmp(argv[i], "--rows=", 7) == 0)
            g_rows = std::atoi(argv[i] + 7);
        else if (std::strncmp(argv[i], "--iterations=", 13) == 0)
            g_iterations = std::atoi(argv[i] + 13);
        else
            rest.push_back(argv[i]);
    }
    if (g_db.empty()) {
        std::fputs(
            "usage: bench_orm --db=FILE [--tmp=DIR] [--rows=N] [benchmark flags]\n"
            "  FILE: a database made by bench_gen\n",
            stderr);
        return 2;
    }
    int rest_argc = static_cast<int>(rest.size());
    benchmark::Initialize(&rest_argc, rest.data());

    const auto once = [](benchmark::internal::Benchmark* b) {
        b->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true);
    };
    const auto often = [](benchmark::internal::Benchmark* b) {
        b->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);
        if (g_iterations > 0) b->Iterations(g_iterations)->Repetitions(1);
    };
    once(benchmark::RegisterBenchmark(
        "insert/orm", [](benchmark::State& s) { insert_orm<notes::Note>(s, false); }));
    once(benchmark::RegisterBenchmark("insert/raw",
                                      [](benchmark::State& s) { insert_raw(s, "notes"); }));
    once(benchmark::RegisterBenchmark(
        "insert_plain/orm", [](benchmark::State& s) { insert_orm<PlainNote>(s, false); }));
    once(benchmark::RegisterBenchmark("insert_plain/raw",
                                      [](benchmark::State& s) { insert_raw(s, "plain_notes"); }));
#ifdef NOTES_BENCH_SOCI
    once(benchmark::RegisterBenchmark("insert_plain/soci", [](benchmark::State& s) {
        soci_pairs::insert_plain(
            s, g_rows, note_text, [] { return fresh_db("insert_soci"); }, remove_db);
    }));
#endif
    once(benchmark::RegisterBenchmark("insert_uow/orm",
                                      [](benchmark::State& s) { insert_orm<PlainNote>(s, true); }));
    often(benchmark::RegisterBenchmark("find_by_name/orm", find_orm));
    often(benchmark::RegisterBenchmark("find_by_name/raw", find_raw));
#ifdef NOTES_BENCH_SOCI
    often(benchmark::RegisterBenchmark("find_by_name/soci", [](benchmark::State& s) {
        soci_pairs::find_by_name(s, g_db, category_names());
    }));
#endif
    often(benchmark::RegisterBenchmark("iterate/orm",
                                       [](benchmark::State& s) { iterate_orm(s, false); }));
    often(benchmark::RegisterBenchmark("iterate/raw", iterate_raw));
#ifdef NOTES_BENCH_SOCI
    often(benchmark::RegisterBenchmark(
        "iterate/soci", [](benchmark::State& s) { soci_pairs::iterate(s, g_db, kCategory); }));
#endif
    often(benchmark::RegisterBenchmark("iterate_all/orm",
                                       [](benchmark::State& s) { iterate_orm(s, true); }));
    often(benchmark::RegisterBenchmark("count/orm",
                                       [](benchmark::State& s) { count_orm(s, false); }));
    often(benchmark::RegisterBenchmark("count/raw",
                                       [](benchmark::State& s) { count_raw(s, false); }));
    often(benchmark::RegisterBenchmark("count_all/orm",
                                       [](benchmark::State& s) { count_orm(s, true); }));
    often(benchmark::RegisterBenchmark("count_all/raw",
                                       [](benchmark::State& s) { count_raw(s, true); }));

    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
