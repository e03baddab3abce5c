// bench_gen: writes the deterministic benchmark notes as JSON Lines (what
// `notes export` writes), through a database of the same notes, for
// scripts/bench.sh (which then makes its notebooks with `notes import`).
//
//   bench_gen --db FILE [--jsonl FILE] [--notes N] [--categories C] [--seed S]
//   bench_gen --db FILE --schema-only      (prints the schema)
//
// The schema is the one `notes init` creates: this program calls the same
// notes::Notebook::init(). Rows are then loaded with the SQLite C API in one
// transaction, with the notes table's indexes and triggers set aside and
// re-created afterwards from their own SQL, and the full-text index rebuilt
// once ('rebuild'). The result is byte-for-byte the schema of `notes init`.
//
// The data: C categories "topic-0001"...; N notes, each a pseudo-random
// sentence of 5 to 30 words drawn uniformly from a fixed vocabulary of 2,000
// made-up words (so any one word, e.g. the search word "sqlite", is in about
// 1 % of the notes), in a uniformly chosen category. created_at runs over six
// years from 2019-01-01, in id order with up to ±12 h of jitter (so "newest
// first" is meaningful and not quite id order); a fifth of the notes were
// updated later. Same arguments, same bytes: the generator is a fixed
// splitmix64, not <random>'s unspecified distributions.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

#include "common.hpp"
#include "notes/notebook.hpp"

namespace {

struct Rng {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n).
    std::uint64_t below(std::uint64_t n) { return next() % n; }
};

constexpr const char* kSearchWord = "sqlite";
constexpr std::size_t kVocabulary = 2000;

// Made-up words of 2 to 4 consonant-vowel syllables, sometimes with a final
// consonant; none is a prefix of another (a search is a prefix match).
std::vector<std::string> vocabulary(std::uint64_t seed) {
    static const char consonants[] = "bcdfghjklmnprstvwz";
    static const char vowels[] = "aeiou";
    Rng rng{seed ^ 0x5eedULL};
    std::vector<std::string> words{kSearchWord};
    while (words.size() < kVocabulary) {
        std::string w;
        const auto syllables = 2 + rng.below(3);
        for (std::uint64_t s = 0; s < syllables; ++s) {
            w += consonants[rng.below(sizeof consonants - 1)];
            w += vowels[rng.below(sizeof vowels - 1)];
        }
        if (rng.below(3) == 0) w += consonants[rng.below(sizeof consonants - 1)];
        bool clash = false;
        for (const auto& other : words) {
            const auto n = std::min(w.size(), other.size());
            if (w.compare(0, n, other, 0, n) == 0) {
                clash = true;
                break;
            }
        }
        if (!clash) words.push_back(std::move(w));
    }
    return words;
}

std::string sql_time(std::int64_t t) {
    const std::time_t tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

int usage() {
    std::fputs(
        "usage: bench_gen --db FILE [--jsonl FILE] [--notes N] [--categories C] [--seed S]\n"
        "       bench_gen --db FILE --schema-only\n",
        stderr);
    return 2;
}

void remove_db(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::remove((path + suffix).c_str());
}

}  // namespace

int main(int argc, char** argv) {
    std::string db_path, jsonl_path;
    std::int64_t notes = 1'000'000, categories = 1000;
    std::uint64_t seed = 20261124;
    bool schema_only = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (a == "--schema-only")
            schema_only = true;
        else if (!(v = value()))
            return usage();
        else if (a == "--db")
            db_path = v;
        else if (a == "--jsonl")
            jsonl_path = v;
        else if (a == "--notes")
            notes = std::atoll(v);
        else if (a == "--categories")
            categories = std::atoll(v);
        else if (a == "--seed")
            seed = std::strtoull(v, nullptr, 10);
        else
            return usage();
    }
    if (db_path.empty() || notes < 0 || categories < 1) return usage();

    // 1. The schema, exactly as `notes init` makes it.
    remove_db(db_path);
    try {
        notes::Notebook(db_path).init();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_gen: notes init failed: %s\n", e.what());
        return 3;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        bench::die(db, "open");
    if (schema_only) {
        // Whatever is still in the log (another connection open meanwhile)
        // goes into the file, so that a copy of the file alone is complete.
        bench::exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
        // The schema on stdout: scripts/bench.sh regenerates its cached
        // databases when it changes.
        sqlite3_stmt* s =
            bench::prepare(db, "SELECT type, name, sql FROM sqlite_master ORDER BY type, name");
        while (sqlite3_step(s) == SQLITE_ROW)
            std::printf("%s %s: %s\n", sqlite3_column_text(s, 0), sqlite3_column_text(s, 1),
                        sqlite3_column_type(s, 2) == SQLITE_NULL
                            ? "-"
                            : (const char*)sqlite3_column_text(s, 2));
        sqlite3_finalize(s);
        bench::check(db, sqlite3_close(db), "close");
        return 0;
    }

    // 2. The rows, with the raw API. No journal while loading (a failed run
    // is simply run again); the file is put back in WAL mode at the end.
    bench::exec(db,
                "PRAGMA journal_mode = DELETE; PRAGMA journal_mode = OFF; "
                "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; "
                "PRAGMA foreign_keys = OFF");
    bench::exec(db, "BEGIN");

    // Set the notes table's indexes and triggers aside (re-created below).
    std::vector<std::pair<std::string, std::string>> aside;  // (drop, create)
    {
        sqlite3_stmt* s =
            bench::prepare(db,
                           "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'notes' AND "
                           "type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid");
        while (sqlite3_step(s) == SQLITE_ROW) {
            std::string drop = std::string("DROP ") + (const char*)sqlite3_column_text(s, 0) +
                               " \"" + (const char*)sqlite3_column_text(s, 1) + "\"";
            aside.emplace_back(std::move(drop), (const char*)sqlite3_column_text(s, 2));
        }
        sqlite3_finalize(s);
    }
    for (const auto& [drop, create] : aside)
        bench::exec(db, drop.c_str());

    const auto words = vocabulary(seed);
    Rng rng{seed};
    const std::int64_t base = 1546300800;  // 2019-01-01 00:00:00 UTC
    const std::int64_t span = 6LL * 365 * 86400;

    {
        sqlite3_stmt* s =
            bench::prepare(db, "INSERT INTO categories (name, created_at) VALUES (?, ?)");
        for (std::int64_t c = 1; c <= categories; ++c) {
            char name[32];
            std::snprintf(name, sizeof name, "topic-%04lld", static_cast<long long>(c));
            const auto created = sql_time(base - 86400 + c);
            sqlite3_bind_text(s, 1, name, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(s, 2, created.c_str(), -1, SQLITE_TRANSIENT);
            bench::check(db, sqlite3_step(s), "insert category");
            sqlite3_reset(s);
        }
        sqlite3_finalize(s);
    }

    std::int64_t with_word = 0;
    {
        sqlite3_stmt* s = bench::prepare(
            db,
            "INSERT INTO notes (text, category_id, created_at, updated_at) VALUES (?, ?, ?, ?)");
        std::string text;
        for (std::int64_t i = 0; i < notes; ++i) {
            text.clear();
            const auto count = 5 + rng.below(26);
            bool has = false;
            for (std::uint64_t w = 0; w < count; ++w) {
                const auto index = rng.below(words.size());
                has = has || index == 0;
                const auto& word = words[index];
                if (w == 0) {
                    text += static_cast<char>(word[0] - 'a' + 'A');
                    text.append(word, 1);
                } else {
                    text += ' ';
                    text += word;
                }
                if (w + 1 < count && rng.below(12) == 0) text += ',';
            }
            text += '.';
            with_word += has;
            const auto category = 1 + static_cast<std::int64_t>(rng.below(categories));
            std::int64_t created = base + (notes > 0 ? span * i / notes : 0) +
                                   static_cast<std::int64_t>(rng.below(86400)) - 43200;
            if (created < base) created = base;
            std::int64_t updated = created;
            if (rng.below(5) == 0) updated += static_cast<std::int64_t>(rng.below(30 * 86400));
            const auto c = sql_time(created), u = sql_time(updated);
            sqlite3_bind_text(s, 1, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
            sqlite3_bind_int64(s, 2, category);
            sqlite3_bind_text(s, 3, c.c_str(), -1, SQLITE_STATIC);
            sqlite3_bind_text(s, 4, u.c_str(), -1, SQLITE_STATIC);
            bench::check(db, sqlite3_step(s), "insert note");
            sqlite3_reset(s);
        }
        sqlite3_finalize(s);
    }

    for (const auto& [drop, create] : aside)
        bench::exec(db, create.c_str());
    bench::exec(db, "INSERT INTO notes_fts(notes_fts) VALUES('rebuild')");
    bench::exec(db, "COMMIT");
    bench::exec(db, "PRAGMA journal_mode = WAL");

    // 3. The same notes as `notes export` writes them: oldest first.
    if (!jsonl_path.empty()) {
        std::FILE* out = std::fopen(jsonl_path.c_str(), "w");
        if (!out) {
            std::perror(jsonl_path.c_str());
            return 3;
        }
        std::vector<std::string> names(static_cast<std::size_t>(categories) + 1);
        sqlite3_stmt* s = bench::prepare(db, "SELECT id, name FROM categories");
        while (sqlite3_step(s) == SQLITE_ROW) {
            const auto id = sqlite3_column_int64(s, 0);
            if (id >= 0 && id <= categories) names[id] = bench::column_text(s, 1);
        }
        sqlite3_finalize(s);
        s = bench::prepare(db,
                           "SELECT id, text, category_id, created_at, updated_at FROM notes "
                           "ORDER BY created_at, id");
        std::string line;
        while (sqlite3_step(s) == SQLITE_ROW) {
            line.clear();
            bench::append_note_json(line, sqlite3_column_int64(s, 0),
                                    names.at(sqlite3_column_int64(s, 2)), bench::column_text(s, 1),
                                    bench::column_text(s, 3), bench::column_text(s, 4));
            std::fwrite(line.data(), 1, line.size(), out);
        }
        sqlite3_finalize(s);
        std::fclose(out);
    }
    bench::check(db, sqlite3_close(db), "close");
    std::printf("notes=%lld categories=%lld search_word=%s notes_with_word=%lld\n",
                static_cast<long long>(notes), static_cast<long long>(categories), kSearchWord,
                static_cast<long long>(with_word));
    return 0;
}
