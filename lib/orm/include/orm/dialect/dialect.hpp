#pragma once
// What differs between database backends, behind one small interface. Each
// backend lives in its own folder (src/backends/sqlite, src/backends/mysql,
// one file layout: doc/adding-a-backend.md) and maps its own error codes
// onto the ORM's error types there. Server backends are modules loaded when
// a URL of their scheme is first used.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orm/engine_options.hpp"
#include "orm/model.hpp"
#include "orm/url.hpp"

namespace orm {

class Connection;
class SqlCompiler;

// One search term: a word (matched as a word or the start of one) or a phrase.
struct SearchTerm {
    std::string text;
    bool phrase = false;
};

// A compiled full-text condition: joined tables, a WHERE condition and a rank
// to order by (best first), each with its bound values in order.
struct FulltextMatch {
    std::string join;
    std::string where;
    std::vector<Value> where_params;
    std::string rank;  // ascending = best first; may be empty
    std::vector<Value> rank_params;
};

class Dialect {
  public:
    virtual ~Dialect();

    virtual std::string_view name() const = 0;
    virtual std::unique_ptr<Connection> connect(const Url& url,
                                                const EngineOptions& options) const = 0;
    // Whether the database `url` names is there, without creating it.
    virtual bool database_exists(const Url&) const { return true; }

    // ---- SQL text: the dialect's compiler (orm/dialect/compiler.hpp) ----
    virtual const SqlCompiler& compiler() const = 0;
    std::string quote(std::string_view identifier) const;  // compiler().quote()

    // ---- schema --------------------------------------------------------
    virtual bool has_table(Connection& connection, std::string_view table) const = 0;
    // How many of `tables` exist; SQLite and MySQL ask with one statement.
    virtual std::size_t count_tables(Connection& connection,
                                     const std::vector<std::string>& tables) const;
    // CREATE TABLE (skipping an existing one) and its indexes (skipping
    // existing ones), as the compiler renders them.
    virtual void create_table(Connection& connection, const TableDef& table) const;
    // The names of an existing table's columns, in order.
    virtual std::vector<std::string> table_columns(Connection& connection,
                                                   std::string_view table) const;
    // Adds declared columns that an existing table lacks (with their defaults,
    // so every existing row gets a value), keeping every row. Default: the
    // compiler's ALTER TABLE.
    virtual void add_columns(Connection& connection, const TableDef& table,
                             const std::vector<const ColumnDef*>& missing) const;
    // Brings the columns of an existing table (made by another program) to
    // what their declaration needs, where the backend enforces column types:
    // lengths and collations on MySQL. Only widens, keeps every row and
    // column. Default: nothing (SQLite's types are advisory).
    virtual void conform_columns(Connection& connection, const TableDef& table) const;
    // Foreign key enforcement for this connection, switched off around schema
    // changes that rebuild tables. Call outside a transaction.
    virtual void set_foreign_keys(Connection& connection, bool on) const;
    // Whatever keeps `column` searchable, created when missing; with
    // `populate`, rows already in the table are indexed too.
    virtual void create_fulltext(Connection& connection, const TableDef& table,
                                 const ColumnDef& column) const = 0;
    virtual void drop_fulltext(Connection& connection, const TableDef& table,
                               const ColumnDef& column) const = 0;
    // Bulk loads into an empty table: drops its secondary indexes, to be built
    // once from the loaded rows (sorted, not entry by entry at random
    // places); returns what resume_indexes() builds them from, or nothing
    // when the backend keeps them (the default). Inside the loading transaction.
    virtual std::vector<std::string> suspend_indexes(Connection& connection,
                                                     const TableDef& table) const;
    virtual void resume_indexes(Connection& connection,
                                const std::vector<std::string>& suspended) const;
    // Bulk loads: stop indexing `column` row by row; returns a mark (the
    // highest id so far) for resume_fulltext, or nullopt when the backend
    // indexes in bulk anyway. Both run inside the loading transaction.
    virtual std::optional<std::int64_t> suspend_fulltext(Connection& connection,
                                                         const TableDef& table,
                                                         const ColumnDef& column) const;
    // Indexes the rows inserted after `mark` in one pass and indexes row by
    // row again from now on.
    virtual void resume_fulltext(Connection& connection, const TableDef& table,
                                 const ColumnDef& column, std::int64_t mark) const;
    virtual FulltextMatch fulltext_match(const TableDef& table, const ColumnDef& column,
                                         const std::vector<SearchTerm>& terms) const = 0;
    // Counters (orm::counted): the count table of `column` and the triggers
    // that keep it in step with every insert, delete and change of the
    // column, created when missing; a new count table counts the rows already
    // there. drop_counter drops them (before `table` itself).
    virtual void create_counter(Connection& connection, const TableDef& table,
                                const ColumnDef& column) const = 0;
    virtual void drop_counter(Connection& connection, const TableDef& table,
                              const ColumnDef& column) const = 0;
    // Bulk loads, as for full-text: stop counting row by row (nullopt: the
    // backend keeps counting row by row), then count the rows after `mark`
    // in one statement and count row by row again. Inside the loading transaction.
    virtual std::optional<std::int64_t> suspend_counter(Connection& connection,
                                                        const TableDef& table,
                                                        const ColumnDef& column) const;
    virtual void resume_counter(Connection& connection, const TableDef& table,
                                const ColumnDef& column, std::int64_t mark) const;
};

// The dialect for a URL's backend; throws UrlError for an unknown one.
const Dialect& dialect_for(const Url& url);

}  // namespace orm
