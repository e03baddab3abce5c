// bench_floor: the floor for each `notes` operation. The same work with the
// SQLite C API and nothing else: the open flags, busy timeout and pragmas an
// expert would choose (see common.hpp; the same as notes), the same statements (in the statements
// `notes -vv` logs, minus its bookkeeping), one transaction, and an output of
// about the same volume written with stdio, so that output cost compares.
//
//   bench_floor add      DB CATEGORY TEXT     a note, creating the category if needed
//   bench_floor search   DB WORD LIMIT        FTS5 MATCH, best first, category names joined
//   bench_floor list-cat DB CATEGORY LIMIT    a category's notes, newest first
//   bench_floor list     DB                   every category with its note count, by name
//                                             (from the counts the schema keeps)
//   bench_floor show     DB ID                one note
//   bench_floor import   DB JSONL             export's JSON Lines into DB (one transaction)
//   bench_floor export   DB                   every note as JSON Lines, oldest first
//
// Exit status: 0 done, 1 not found, 2 usage, 3 database error.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common.hpp"

using bench::column_text;
using bench::exec;
using bench::prepare;
using bench::print_note;

namespace {

char out_buffer[1 << 16];

std::string now_sql() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

void bind_text(sqlite3_stmt* s, int i, std::string_view text) {
    sqlite3_bind_text(s, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

// The ORM's MATCH string for one plain word: a quoted prefix term.
std::string match_term(std::string_view word) {
    std::string out = "\"";
    for (const char ch : word) {
        if (ch == '"') out += '"';
        out += ch;
    }
    return out + "\"*";
}

int op_add(sqlite3* db, const char* category, const char* text) {
    exec(db, "BEGIN IMMEDIATE");
    sqlite3_stmt* find =
        prepare(db, "SELECT id, name, created_at FROM categories WHERE name = ? LIMIT 2");
    bind_text(find, 1, category);
    std::int64_t category_id = 0;
    const bool created_category = sqlite3_step(find) != SQLITE_ROW;
    if (!created_category) category_id = sqlite3_column_int64(find, 0);
    sqlite3_finalize(find);
    const auto now = now_sql();
    if (created_category) {
        sqlite3_stmt* insert =
            prepare(db, "INSERT INTO categories (name, created_at) VALUES (?, ?)");
        bind_text(insert, 1, category);
        bind_text(insert, 2, now);
        bench::check(db, sqlite3_step(insert), "insert category");
        sqlite3_finalize(insert);
        category_id = sqlite3_last_insert_rowid(db);
    }
    sqlite3_stmt* insert = prepare(
        db, "INSERT INTO notes (text, category_id, created_at, updated_at) VALUES (?, ?, ?, ?)");
    bind_text(insert, 1, text);
    sqlite3_bind_int64(insert, 2, category_id);
    bind_text(insert, 3, now);
    bind_text(insert, 4, now);
    bench::check(db, sqlite3_step(insert), "insert note");
    sqlite3_finalize(insert);
    const auto id = sqlite3_last_insert_rowid(db);
    exec(db, "COMMIT");
    if (created_category) std::fprintf(stderr, "created category '%s'\n", category);
    std::printf("added note %lld to '%s'\n", static_cast<long long>(id), category);
    return 0;
}

int op_search(sqlite3* db, const char* word, const char* limit) {
    exec(db, "BEGIN");
    sqlite3_stmt* s =
        prepare(db,
                "SELECT notes.id, notes.text, notes.created_at, categories.name FROM notes "
                "JOIN notes_fts ON notes_fts.rowid = notes.id "
                "JOIN categories ON categories.id = notes.category_id "
                "WHERE notes_fts MATCH ? "
                "ORDER BY bm25(notes_fts), notes.created_at DESC, notes.id DESC LIMIT ?");
    bind_text(s, 1, match_term(word));
    sqlite3_bind_int64(s, 2, std::atoll(limit));
    while (sqlite3_step(s) == SQLITE_ROW)
        print_note(sqlite3_column_int64(s, 0), column_text(s, 2), column_text(s, 3),
                   column_text(s, 1));
    bench::check(db, sqlite3_errcode(db), "search");
    sqlite3_finalize(s);
    exec(db, "COMMIT");
    return 0;
}

int op_list_category(sqlite3* db, const char* category, const char* limit) {
    exec(db, "BEGIN");
    sqlite3_stmt* find =
        prepare(db, "SELECT id, name, created_at FROM categories WHERE name = ? LIMIT 2");
    bind_text(find, 1, category);
    if (sqlite3_step(find) != SQLITE_ROW) {
        std::fprintf(stderr, "no category named '%s'\n", category);
        return 1;
    }
    const auto id = sqlite3_column_int64(find, 0);
    sqlite3_finalize(find);
    sqlite3_stmt* s = prepare(db,
                              "SELECT id, text, created_at FROM notes WHERE category_id = ? "
                              "ORDER BY created_at DESC, id DESC LIMIT ?");
    sqlite3_bind_int64(s, 1, id);
    sqlite3_bind_int64(s, 2, std::atoll(limit));
    while (sqlite3_step(s) == SQLITE_ROW)
        print_note(sqlite3_column_int64(s, 0), column_text(s, 2), category, column_text(s, 1));
    sqlite3_finalize(s);
    exec(db, "COMMIT");
    return 0;
}

int op_list(sqlite3* db) {
    exec(db, "BEGIN");
    // The schema keeps the counts (category_counts, by triggers): reading them
    // costs the number of categories, where counting the notes costs theirs.
    sqlite3_stmt* s = prepare(db,
                              "SELECT categories.name, COALESCE(category_counts.notes, 0), "
                              "categories.created_at FROM categories LEFT JOIN category_counts "
                              "ON category_counts.category_id = categories.id ORDER BY name");
    bench::print_category_header();
    while (sqlite3_step(s) == SQLITE_ROW)
        bench::print_category(column_text(s, 0), sqlite3_column_int64(s, 1), column_text(s, 2));
    sqlite3_finalize(s);
    exec(db, "COMMIT");
    return 0;
}

int op_show(sqlite3* db, const char* id) {
    exec(db, "BEGIN");
    sqlite3_stmt* s = prepare(db,
                              "SELECT notes.id, notes.text, notes.created_at, notes.updated_at, "
                              "categories.name FROM notes JOIN categories "
                              "ON categories.id = notes.category_id WHERE notes.id = ?");
    sqlite3_bind_int64(s, 1, std::atoll(id));
    if (sqlite3_step(s) != SQLITE_ROW) {
        std::fprintf(stderr, "no note with id %s\n", id);
        return 1;
    }
    bench::print_show(sqlite3_column_int64(s, 0), column_text(s, 4), column_text(s, 2),
                      column_text(s, 3), column_text(s, 1));
    sqlite3_finalize(s);
    exec(db, "COMMIT");
    return 0;
}

// ---- import ---------------------------------------------------------------

// A minimal parser for one export line: a flat JSON object whose values are
// strings, numbers or null. Enough for what `notes export` writes.
struct Line {
    std::string category, text, created_at, updated_at;
};

class Parser {
  public:
    explicit Parser(std::string_view s) : s_(s) {}

    bool parse(Line& line) {
        skip();
        if (!eat('{')) return false;
        skip();
        if (eat('}')) return true;
        for (;;) {
            skip();
            std::string key;
            if (!string(key)) return false;
            skip();
            if (!eat(':')) return false;
            skip();
            std::string* target = key == "category"     ? &line.category
                                  : key == "text"       ? &line.text
                                  : key == "created_at" ? &line.created_at
                                  : key == "updated_at" ? &line.updated_at
                                                        : nullptr;
            std::string ignored;
            if (at('"')) {
                if (!string(target ? *target : ignored)) return false;
            } else {
                while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}')
                    ++i_;
            }
            skip();
            if (eat('}')) return true;
            if (!eat(',')) return false;
        }
    }

  private:
    bool at(char c) const { return i_ < s_.size() && s_[i_] == c; }
    bool eat(char c) {
        if (!at(c)) return false;
        ++i_;
        return true;
    }
    void skip() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r'))
            ++i_;
    }
    static void utf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    bool hex4(std::uint32_t& v) {
        if (i_ + 4 > s_.size()) return false;
        v = 0;
        for (int k = 0; k < 4; ++k) {
            const char c = s_[i_++];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= static_cast<std::uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= static_cast<std::uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= static_cast<std::uint32_t>(c - 'A' + 10);
            else
                return false;
        }
        return true;
    }
    bool string(std::string& out) {
        out.clear();
        if (!eat('"')) return false;
        for (;;) {
            const auto start = i_;
            while (i_ < s_.size() && s_[i_] != '"' && s_[i_] != '\\')
                ++i_;
            out.append(s_.substr(start, i_ - start));
            if (i_ >= s_.size()) return false;
            if (s_[i_++] == '"') return true;
            if (i_ >= s_.size()) return false;
            const char e = s_[i_++];
            switch (e) {
                case '"':
                    out += '"';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '/':
                    out += '/';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    std::uint32_t cp = 0;
                    if (!hex4(cp)) return false;
                    if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(i_, 2) == "\\u") {
                        i_ += 2;
                        std::uint32_t low = 0;
                        if (!hex4(low)) return false;
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    utf8(out, cp);
                    break;
                }
                default:
                    return false;
            }
        }
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

// RFC 3339 'YYYY-MM-DDTHH:MM:SSZ' -> stored 'YYYY-MM-DD HH:MM:SS'.
void to_sql_time(std::string& t) {
    if (t.size() == 20 && t[10] == 'T' && t[19] == 'Z') {
        t[10] = ' ';
        t.pop_back();
    }
}

// With BENCH_PHASES set in the environment, import reports on stderr how
// long each of its phases took.
void phase(const char* name) {
    static const bool on = std::getenv("BENCH_PHASES") != nullptr;
    static auto last = std::chrono::steady_clock::now();
    if (!on) return;
    const auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "phase %-8s %8.1f ms\n", name,
                 std::chrono::duration<double, std::milli>(now - last).count());
    last = now;
}

int op_import(sqlite3* db, const char* path) {
    phase("start");
    std::FILE* in = std::strcmp(path, "-") == 0 ? stdin : std::fopen(path, "r");
    if (!in) {
        std::perror(path);
        return 2;
    }
    // A bigger page cache for the bulk load (the default is about 2 MiB).
    // At 1,000,000 notes, 16 MiB is as fast as 64 MiB (10.1-10.5 s CPU either
    // way; 2 MiB: 13.5-13.9 s) and peaks at 25 MiB RSS instead of 86 MiB.
    exec(db, "PRAGMA cache_size = -16384");
    exec(db, "BEGIN IMMEDIATE");
    // Index and count the new rows once at the end instead of row by row
    // through the insert triggers (see performance-facts.md: each row's
    // trigger costs a statement journal): keep their SQL, drop them, put
    // them back before committing.
    auto trigger_sql = [&](const char* name) {
        std::string sql;
        sqlite3_stmt* s =
            prepare(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
        bind_text(s, 1, name);
        if (sqlite3_step(s) == SQLITE_ROW) sql = column_text(s, 0);
        sqlite3_finalize(s);
        return sql;
    };
    const std::string trigger = trigger_sql("notes_fts_ai");
    const std::string count_trigger = trigger_sql("category_counts_ai");
    std::int64_t max_before = 0;
    {
        sqlite3_stmt* s = prepare(db, "SELECT COALESCE(MAX(id), 0) FROM notes");
        if (sqlite3_step(s) == SQLITE_ROW) max_before = sqlite3_column_int64(s, 0);
        sqlite3_finalize(s);
    }
    if (!trigger.empty()) exec(db, "DROP TRIGGER notes_fts_ai");
    if (!count_trigger.empty()) exec(db, "DROP TRIGGER category_counts_ai");

    std::unordered_map<std::string, std::int64_t> ids;
    {
        sqlite3_stmt* s = prepare(db, "SELECT id, name FROM categories");
        while (sqlite3_step(s) == SQLITE_ROW)
            ids.emplace(std::string(column_text(s, 1)), sqlite3_column_int64(s, 0));
        sqlite3_finalize(s);
    }
    sqlite3_stmt* insert_category =
        prepare(db, "INSERT INTO categories (name, created_at) VALUES (?, ?)");
    sqlite3_stmt* insert_note = prepare(
        db, "INSERT INTO notes (text, category_id, created_at, updated_at) VALUES (?, ?, ?, ?)");
    const auto now = now_sql();
    char* buffer = nullptr;
    std::size_t capacity = 0;
    std::int64_t count = 0, number = 0;
    Line line;
    for (ssize_t n; (n = getline(&buffer, &capacity, in)) > 0;) {
        ++number;
        std::string_view text(buffer, static_cast<std::size_t>(n));
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
            text.remove_suffix(1);
        if (text.find_first_not_of(" \t") == std::string_view::npos) continue;
        line.created_at.clear();
        line.updated_at.clear();
        if (!Parser(text).parse(line) || line.text.empty() || line.category.empty()) {
            std::fprintf(stderr, "line %lld: not a note object\n", static_cast<long long>(number));
            return 2;  // the transaction is rolled back when the connection closes
        }
        to_sql_time(line.created_at);
        to_sql_time(line.updated_at);
        auto [it, fresh] = ids.try_emplace(line.category, 0);
        if (fresh) {
            bind_text(insert_category, 1, line.category);
            bind_text(insert_category, 2, now);
            bench::check(db, sqlite3_step(insert_category), "insert category");
            sqlite3_reset(insert_category);
            it->second = sqlite3_last_insert_rowid(db);
        }
        const std::string& created = line.created_at.empty() ? now : line.created_at;
        bind_text(insert_note, 1, line.text);
        sqlite3_bind_int64(insert_note, 2, it->second);
        bind_text(insert_note, 3, created);
        bind_text(insert_note, 4, line.updated_at.empty() ? created : line.updated_at);
        bench::check(db, sqlite3_step(insert_note), "insert note");
        sqlite3_reset(insert_note);
        ++count;
    }
    std::free(buffer);
    if (in != stdin) std::fclose(in);
    sqlite3_finalize(insert_category);
    sqlite3_finalize(insert_note);
    phase("insert");

    // Index the new rows in one statement, then restore the trigger.
    sqlite3_stmt* index =
        prepare(db, "INSERT INTO notes_fts(rowid, text) SELECT id, text FROM notes WHERE id > ?");
    sqlite3_bind_int64(index, 1, max_before);
    bench::check(db, sqlite3_step(index), "index new notes");
    sqlite3_finalize(index);
    phase("fts");
    if (!count_trigger.empty()) {
        sqlite3_stmt* counts =
            prepare(db,
                    "INSERT INTO category_counts (category_id, notes) SELECT category_id, COUNT(*) "
                    "FROM notes WHERE id > ? GROUP BY category_id "
                    "ON CONFLICT (category_id) DO UPDATE SET notes = notes + excluded.notes");
        sqlite3_bind_int64(counts, 1, max_before);
        bench::check(db, sqlite3_step(counts), "count new notes");
        sqlite3_finalize(counts);
        exec(db, count_trigger.c_str());
    }
    phase("counts");
    if (!trigger.empty()) exec(db, trigger.c_str());
    exec(db, "COMMIT");
    phase("commit");
    std::fprintf(stderr, "imported %lld notes\n", static_cast<long long>(count));
    return 0;
}

int op_export(sqlite3* db) {
    exec(db, "BEGIN");
    std::unordered_map<std::int64_t, std::string> names;
    sqlite3_stmt* s = prepare(db, "SELECT id, name FROM categories");
    while (sqlite3_step(s) == SQLITE_ROW)
        names.emplace(sqlite3_column_int64(s, 0), std::string(column_text(s, 1)));
    sqlite3_finalize(s);
    s = prepare(db,
                "SELECT id, text, category_id, created_at, updated_at FROM notes "
                "ORDER BY created_at, id");
    std::string line;
    while (sqlite3_step(s) == SQLITE_ROW) {
        line.clear();
        bench::append_note_json(line, sqlite3_column_int64(s, 0),
                                names.at(sqlite3_column_int64(s, 2)), bench::column_text(s, 1),
                                bench::column_text(s, 3), bench::column_text(s, 4));
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
    bench::check(db, sqlite3_errcode(db), "export");
    sqlite3_finalize(s);
    exec(db, "COMMIT");
    return 0;
}

int usage() {
    std::fputs(
        "usage: bench_floor add DB CATEGORY TEXT | search DB WORD LIMIT |\n"
        "       list-cat DB CATEGORY LIMIT | list DB | show DB ID | import DB JSONL | export DB\n",
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
          (op == "import" && need(1)) || (op == "export" && need(0))))
        return usage();
    sqlite3* db = bench::open_like_notes(argv[2]);
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
    else if (op == "import")
        rc = op_import(db, argv[3]);
    else
        rc = op_export(db);
    std::fflush(stdout);
    sqlite3_close(db);
    return rc;
}
