#include "fulltext.hpp"

#include <fmt/format.h>

#include "dialect.hpp"
#include "orm/connection.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/errors.hpp"
#include "orm/expr.hpp"
#include "orm/text/utf8.hpp"
#include "orm/text/words.hpp"

namespace orm {

namespace {

struct Range {
    char32_t first, last;
};

// Non-ASCII punctuation and symbols: Latin-1's, × and ÷, General
// Punctuation to Miscellaneous Symbols and Arrows (dashes, quotes, bullets,
// currency, arrows, maths, box drawing, dingbats), CJK punctuation, small
// and fullwidth forms' punctuation, emoji and pictographs. Kept in step with
// kPostgresqlSeparators.
constexpr Range kSeparatorRanges[] = {
    {0x0080, 0x00BF}, {0x00D7, 0x00D7}, {0x00F7, 0x00F7},   {0x2000, 0x2BFF},
    {0x3000, 0x303F}, {0xFE10, 0xFE6F}, {0xFF01, 0xFF0F},   {0xFF1A, 0xFF20},
    {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0x1F000, 0x1FAFF},
};

// What orm_fts1_fold keeps as part of a word.
bool kept_by_fold(char32_t cp) {
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
    for (const auto& r : kSeparatorRanges)
        if (cp >= r.first && cp <= r.last) return false;
    return true;
}

std::string literal(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

}  // namespace

const std::string_view kPostgresqlSeparators =
    "(?:[^0-9A-Za-z\\u0080-\\uFFFF\\U00010000-\\U0010FFFF]|"
    "[\\u0080-\\u00BF\\u00D7\\u00F7\\u2000-\\u2BFF\\u3000-\\u303F\\uFE10-\\uFE6F"
    "\\uFF01-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65\\U0001F000-\\U0001FAFF])+";

bool postgresql_has_word(std::string_view text) {
    for (const auto& cp : text::code_points(text))
        if (cp.valid && text::is_word_char(cp.value) && kept_by_fold(cp.value)) return true;
    return false;
}

void ensure_postgresql_fulltext_functions(Connection& connection) {
    const auto& d = connection.dialect();
    {
        auto have = connection.prepare(
            "SELECT COUNT(*) FROM pg_catalog.pg_proc WHERE pronamespace = "
            "(SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = current_schema()) "
            "AND proname IN ('orm_fts1_fold', 'orm_fts1_document', 'orm_fts1_query')");
        if (have->step() && have->get_int64(0) == 3) return;
    }
    const auto extension_schema = [&]() -> std::optional<std::string> {
        auto statement = connection.prepare(
            "SELECT n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n "
            "ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'");
        if (!statement->step()) return std::nullopt;
        return std::string(statement->get_text(0));
    };
    auto schema = extension_schema();
    if (!schema) {
        try {
            connection.execute_script("CREATE EXTENSION IF NOT EXISTS unaccent");
        } catch (const DatabaseError& e) {
            throw OperationalError(
                fmt::format("full-text search needs PostgreSQL's unaccent extension, which this "
                            "user cannot create: {} (run CREATE EXTENSION unaccent; as the "
                            "database's owner or a superuser; on Debian it comes with the "
                            "postgresql package, elsewhere with postgresql-contrib)",
                            e.what()),
                e.statement(), e.code());
        }
        schema = extension_schema();
        if (!schema) throw OperationalError("CREATE EXTENSION unaccent did not create it");
    }
    bool icu = false;
    {
        auto statement = connection.prepare(
            "SELECT 1 FROM pg_catalog.pg_collation WHERE collname = 'und-x-icu'");
        icu = statement->step();
    }
    const auto here = [&] {
        auto statement = connection.prepare("SELECT current_schema()");
        statement->step();
        return d.quote(statement->get_text(0));
    }();
    const auto unaccent = d.quote(*schema) + ".unaccent";
    const auto collation =
        icu ? std::string(R"(pg_catalog."und-x-icu")") : std::string(R"(pg_catalog."default")");
    // Every name is qualified: index expressions also run with another
    // search_path (autovacuum, pg_restore).
    connection.execute_script(fmt::format(
        "CREATE OR REPLACE FUNCTION {here}.orm_fts1_fold(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $orm$ SELECT pg_catalog.lower("
        "pg_catalog.regexp_replace({unaccent}({dictionary}::regdictionary, $1), {separators}, "
        "' ', 'g') COLLATE {collation}) $orm$;\n"
        "CREATE OR REPLACE FUNCTION {here}.orm_fts1_document(text) RETURNS tsvector "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $orm$ SELECT pg_catalog.to_tsvector("
        "'pg_catalog.simple'::pg_catalog.regconfig, {here}.orm_fts1_fold($1)) $orm$;\n"
        "CREATE OR REPLACE FUNCTION {here}.orm_fts1_query(text, boolean) RETURNS tsquery "
        "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $orm$ SELECT pg_catalog.to_tsquery("
        "'pg_catalog.simple'::pg_catalog.regconfig, pg_catalog.string_agg("
        "'''' || w || '''', ' <-> ') || CASE WHEN $2 THEN ':*' ELSE '' END) "
        "FROM pg_catalog.regexp_split_to_table(pg_catalog.btrim({here}.orm_fts1_fold($1)), "
        "' ') AS w WHERE w <> '' $orm$",
        fmt::arg("here", here), fmt::arg("unaccent", unaccent),
        fmt::arg("dictionary", literal(unaccent)),
        fmt::arg("separators", literal(kPostgresqlSeparators)), fmt::arg("collation", collation)));
}

namespace {

std::string fulltext_index(const TableDef& table, const ColumnDef& column) {
    return "ft_" + table.name() + "_" + column.name;
}

}  // namespace

void PostgresqlDialect::create_fulltext(Connection& connection, const TableDef& table,
                                        const ColumnDef& column) const {
    ensure_postgresql_fulltext_functions(connection);
    // The server indexes the rows already there and, from then on, every
    // change by whatever program: an expression index needs no trigger.
    connection.execute_script(
        fmt::format("CREATE INDEX IF NOT EXISTS {} ON {} USING gin "
                    "(orm_fts1_document({}))",
                    quote(fulltext_index(table, column)), quote(table.name()), quote(column.name)));
}

void PostgresqlDialect::drop_fulltext(Connection& connection, const TableDef& table,
                                      const ColumnDef& column) const {
    // The functions stay: other tables may use them, and they hold no data.
    connection.execute_script("DROP INDEX IF EXISTS " + quote(fulltext_index(table, column)));
}

FulltextMatch PostgresqlDialect::fulltext_match(const TableDef& table, const ColumnDef& column,
                                                const std::vector<SearchTerm>& terms) const {
    FulltextMatch out;
    const auto column_name = quote(table.name()) + "." + quote(column.name);
    std::string query;
    std::vector<Value> query_params;
    std::vector<std::string> likes;
    for (const auto& term : terms) {
        if (!postgresql_has_word(term.text)) {
            // No word to index (punctuation, emoji): match literally, byte for byte.
            likes.push_back("%" + like_escape(term.text) + "%");
            continue;
        }
        if (!query.empty()) query += " && ";
        query += term.phrase ? "orm_fts1_query(?, FALSE)" : "orm_fts1_query(?, TRUE)";
        query_params.push_back(term.text);
    }
    if (!query.empty()) {
        const auto document = "orm_fts1_document(" + column_name + ")";
        out.where = fmt::format("{} @@ ({})", document, query);
        out.where_params = query_params;
        out.rank = fmt::format("-ts_rank({}, ({}))", document, query);  // best first
        out.rank_params = std::move(query_params);
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
