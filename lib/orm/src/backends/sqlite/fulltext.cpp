#include "fulltext.hpp"

#include <fmt/format.h>

#include "dialect.hpp"
#include "orm/connection.hpp"
#include "orm/expr.hpp"
#include "orm/text/words.hpp"

namespace orm {

namespace {
constexpr std::int64_t kBulkHashSize = 512 * 1024;
}  // namespace

std::string sqlite_fts_table(const TableDef& table) {
    return table.name() + "_fts";
}

void SqliteDialect::create_fulltext(Connection& connection, const TableDef& table,
                                    const ColumnDef& column) const {
    const auto fts = sqlite_fts_table(table);
    const auto t = quote(table.name());
    const auto f = quote(fts);
    const auto c = quote(column.name);
    const auto id = quote(table.primary_key().name);
    const bool existed = has_table(connection, fts);
    // The index is current only while its triggers are there: they go with the
    // table, and a table dropped by another program and made again starts
    // empty (and reuses ids) while the old index would still list its rows.
    auto trigger =
        connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?");
    trigger->bind(1, fts + "_ad");
    const bool current = existed && trigger->step();
    trigger = {};
    if (!existed) {
        // remove_diacritics 2 folds accents, unicode61 folds case: "cafe" finds "Café".
        connection.execute_script(
            fmt::format("CREATE VIRTUAL TABLE {} USING fts5({}, content={}, content_rowid={}, "
                        "tokenize='unicode61 remove_diacritics 2')",
                        f, c, quote(table.name()), id));
    }
    // Triggers keep the index in step with rows written by any program.
    connection.execute_script(insert_trigger(table, column));
    connection.execute_script(
        fmt::format("CREATE TRIGGER IF NOT EXISTS {ad} AFTER DELETE ON {t} BEGIN "
                    "INSERT INTO {f}({f}, rowid, {c}) VALUES ('delete', old.{id}, old.{c}); END;"
                    "CREATE TRIGGER IF NOT EXISTS {au} AFTER UPDATE OF {c} ON {t} BEGIN "
                    "INSERT INTO {f}({f}, rowid, {c}) VALUES ('delete', old.{id}, old.{c}); "
                    "INSERT INTO {f}(rowid, {c}) VALUES (new.{id}, new.{c}); END;",
                    fmt::arg("ad", quote(fts + "_ad")), fmt::arg("au", quote(fts + "_au")),
                    fmt::arg("t", t), fmt::arg("f", f), fmt::arg("c", c), fmt::arg("id", id)));
    if (!current)
        connection.execute_script(fmt::format("INSERT INTO {0}({0}) VALUES ('rebuild')", f));
}

std::string SqliteDialect::insert_trigger(const TableDef& table, const ColumnDef& column) const {
    const auto fts = sqlite_fts_table(table);
    return fmt::format(
        "CREATE TRIGGER IF NOT EXISTS {} AFTER INSERT ON {} BEGIN "
        "INSERT INTO {}(rowid, {}) VALUES (new.{}, new.{}); END",
        quote(fts + "_ai"), quote(table.name()), quote(fts), quote(column.name),
        quote(table.primary_key().name), quote(column.name));
}

std::optional<std::int64_t> SqliteDialect::suspend_fulltext(Connection& connection,
                                                            const TableDef& table,
                                                            const ColumnDef&) const {
    // Row by row, every trigger's statement journal makes FTS5 flush a new
    // segment; indexing the new rows in one INSERT … SELECT is several times
    // faster.
    auto statement = connection.prepare("SELECT COALESCE(MAX(" + quote(table.primary_key().name) +
                                        "), 0) FROM " + quote(table.name()));
    const auto mark = statement->step() ? statement->get_int64(0) : 0;
    connection.execute_script("DROP TRIGGER IF EXISTS " + quote(sqlite_fts_table(table) + "_ai"));
    return mark;
}

void SqliteDialect::resume_fulltext(Connection& connection, const TableDef& table,
                                    const ColumnDef& column, std::int64_t mark) const {
    const auto id = quote(table.primary_key().name);
    const auto fts = sqlite_fts_table(table);
    const auto f = quote(fts);
    // FTS5 holds up to `hashsize` bytes of new postings in memory before it
    // writes a segment (1 MiB by default: about 1.9 MiB of heap). A bulk pass
    // fills that at any size over a few thousand notes; half of it writes as
    // fast (a 1,000,000-note import: 11.3-12.3 s against 11.5-12.7 s) and
    // peaks no higher at 1,000,000 notes than at 10,000. The table's own
    // setting comes back afterwards.
    std::int64_t hashsize = 1024 * 1024;
    {
        auto current =
            connection.prepare("SELECT v FROM " + quote(fts + "_config") + " WHERE k = 'hashsize'");
        if (current->step() && current->get_int64(0) > 0) hashsize = current->get_int64(0);
    }
    const auto set_hashsize = fmt::format("INSERT INTO {0}({0}, rank) VALUES ('hashsize', ?)", f);
    connection.execute(set_hashsize, {std::int64_t{kBulkHashSize}});
    connection.execute(
        fmt::format("INSERT INTO {}(rowid, {}) SELECT {}, {} FROM {} WHERE {} > ?", f,
                    quote(column.name), id, quote(column.name), quote(table.name()), id),
        {mark});
    connection.execute(set_hashsize, {hashsize});
    connection.execute_script(insert_trigger(table, column));
}

void SqliteDialect::drop_fulltext(Connection& connection, const TableDef& table,
                                  const ColumnDef&) const {
    const auto fts = sqlite_fts_table(table);
    connection.execute_script(fmt::format(
        "DROP TRIGGER IF EXISTS {}; DROP TRIGGER IF EXISTS {}; DROP TRIGGER IF EXISTS {}; "
        "DROP TABLE IF EXISTS {}",
        quote(fts + "_ai"), quote(fts + "_ad"), quote(fts + "_au"), quote(fts)));
}

FulltextMatch SqliteDialect::fulltext_match(const TableDef& table, const ColumnDef& column,
                                            const std::vector<SearchTerm>& terms) const {
    FulltextMatch out;
    std::string match;
    std::vector<std::string> likes;
    for (const auto& term : terms) {
        if (!text::has_word(term.text)) {
            // Nothing the tokenizer would index (punctuation, emoji): match literally.
            likes.push_back("%" + like_escape(term.text) + "%");
            continue;
        }
        // Every term is one quoted FTS5 string, so no input is FTS syntax.
        std::string quoted = "\"";
        for (char ch : term.text) {
            if (ch == '"') quoted += '"';
            quoted += ch;
        }
        quoted += term.phrase ? "\"" : "\"*";
        if (!match.empty()) match += ' ';
        match += quoted;
    }
    const auto column_name = quote(table.name()) + "." + quote(column.name);
    if (!match.empty()) {
        const auto f = quote(sqlite_fts_table(table));
        out.join = fmt::format(" JOIN {} ON {}.rowid = {}.{}", f, f, quote(table.name()),
                               quote(table.primary_key().name));
        out.where = f + " MATCH ?";
        out.where_params.push_back(match);
        out.rank = "bm25(" + f + ")";
    }
    for (auto& like : likes) {
        if (!out.where.empty()) out.where += " AND ";
        out.where += column_name + " LIKE ? ESCAPE '!'";
        out.where_params.push_back(std::move(like));
    }
    if (out.where.empty()) out.where = "1 = 1";
    return out;
}

}  // namespace orm
