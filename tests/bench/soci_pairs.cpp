// SOCI's side of insert_plain, find_by_name and iterate (soci_pairs.hpp):
// the raw pairs of orm_bench.cpp written the way SOCI is meant to be used
// fast: one prepared soci::statement per shape, reused, with use()/into()
// bound once to variables (into the result objects' own fields where the
// types allow), one soci::transaction, and the floor's connection settings.
// Each materialises the same C++ objects as the raw one, so the three sides
// differ only in the library that moves the values.
#include "soci_pairs.hpp"

// Debian's soci-config.h says SOCI_HAVE_BOOST, but libsoci-dev does not
// depend on Boost, and only header templates for binding Boost.Fusion
// sequences use it (bind-values.h): without it, SOCI builds with no Boost.
#include <soci/soci-config.h>
#undef SOCI_HAVE_BOOST
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "notes/models.hpp"
#include "orm/orm.hpp"

namespace soci_pairs {
namespace {

// bench::open_like_notes through SOCI: the same 5 s busy timeout (SOCI takes
// seconds) and the same pragmas, for the same reasons (common.hpp).
std::unique_ptr<soci::session> open_like_notes(const std::string& path) {
    auto sql =
        std::make_unique<soci::session>(*soci::factory_sqlite3(), "db=" + path + " timeout=5");
    *sql << "PRAGMA foreign_keys = ON";
    *sql << "PRAGMA journal_mode = WAL";
    *sql << "PRAGMA synchronous = NORMAL";
    *sql << "PRAGMA journal_size_limit = 4194304";
    return sql;
}

// Like bench::die: a benchmark that cannot run stops the program, so that
// bench.sh reports a failure instead of a ratio.
template <class Body>
void or_die(const char* what, Body&& body) {
    try {
        body();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench: soci %s: %s\n", what, e.what());
        std::exit(3);
    }
}

orm::Timestamp parse(const std::string& text) {
    return orm::Timestamp::parse(text).value_or(orm::Timestamp{});
}

}  // namespace

void insert_plain(benchmark::State& state, int rows, std::string (*note_text)(int),
                  const std::function<std::string()>& fresh_db,
                  const std::function<void(const std::string&)>& remove_db) {
    or_die("insert_plain", [&] {
        for (auto _ : state) {
            state.PauseTiming();
            const auto path = fresh_db();
            {
                const auto sql = open_like_notes(path);
                state.ResumeTiming();
                soci::transaction tx(*sql);
                std::string text;
                std::string now;
                const std::int64_t category = 1;
                soci::statement insert =
                    (sql->prepare << "INSERT INTO plain_notes (text, category_id, created_at, "
                                     "updated_at) VALUES (:text, :category, :now, :now2)",
                     soci::use(text), soci::use(category), soci::use(now), soci::use(now));
                long long id = 0;
                for (int i = 0; i < rows; ++i) {
                    // Like raw and the ORM: the text and the current time, formatted per row.
                    text = note_text(i);
                    now = orm::Timestamp::now().sql();
                    insert.execute(true);
                    // SOCI 4.0.3 answers this with sqlite3_last_insert_rowid.
                    sql->get_last_insert_id("plain_notes", id);
                    benchmark::DoNotOptimize(id);
                }
                tx.commit();
                state.PauseTiming();
            }
            remove_db(path);
            state.ResumeTiming();
        }
    });
    state.SetItemsProcessed(state.iterations() * rows);
}

void find_by_name(benchmark::State& state, const std::string& db,
                  const std::vector<std::string>& names) {
    or_die("find_by_name", [&] {
        const auto sql = open_like_notes(db);
        std::string name;
        std::int64_t id = 0;
        std::string found;
        std::string created_at;
        soci::statement find =
            (sql->prepare << "SELECT id, name, created_at FROM categories WHERE name = :name "
                             "LIMIT 2",
             soci::into(id), soci::into(found), soci::into(created_at), soci::use(name));
        for (auto _ : state) {
            soci::transaction tx(*sql);
            for (const auto& wanted : names) {
                name = wanted;
                if (!find.execute(true)) {
                    std::fprintf(stderr, "bench: soci: no category '%s'\n", wanted.c_str());
                    std::exit(3);
                }
                // Materialise it as raw and the ORM do: an object with its strings.
                auto category = std::make_shared<notes::Category>(notes::Category{
                    .id = id, .name = std::move(found), .created_at = parse(created_at)});
                benchmark::DoNotOptimize(find.fetch());  // "exactly one" needs a second fetch
                benchmark::DoNotOptimize(category->id);
            }
            tx.commit();
        }
    });
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(names.size()));
}

void iterate(benchmark::State& state, const std::string& db, std::int64_t category_id) {
    std::int64_t rows = 0;
    or_die("iterate", [&] {
        const auto sql = open_like_notes(db);
        notes::Category category;
        std::string category_created;
        soci::statement get =
            (sql->prepare << "SELECT id, name, created_at FROM categories WHERE id = :id",
             soci::into(category.id), soci::into(category.name), soci::into(category_created),
             soci::use(category_id));
        notes::Note note;
        std::string created_at;
        std::string updated_at;
        soci::statement select =
            (sql->prepare << "SELECT id, text, category_id, created_at, updated_at FROM notes "
                             "WHERE category_id = :category ORDER BY created_at DESC, id DESC",
             soci::into(note.id), soci::into(note.text), soci::into(note.category_id),
             soci::into(created_at), soci::into(updated_at), soci::use(category_id));
        for (auto _ : state) {
            soci::transaction tx(*sql);
            if (!get.execute(true)) {
                std::fputs("bench: soci: no category 1\n", stderr);
                std::exit(3);
            }
            category.created_at = parse(category_created);
            std::size_t bytes = 0;
            select.execute();
            while (select.fetch()) {
                // Into a Note, as raw and the ORM's stream() do.
                note.created_at = parse(created_at);
                note.updated_at = parse(updated_at);
                bytes += note.text.size();
                ++rows;
            }
            benchmark::DoNotOptimize(bytes);
            tx.commit();
        }
    });
    state.SetItemsProcessed(rows);
}

}  // namespace soci_pairs
