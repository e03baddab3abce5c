#pragma once
// The SQL compiler of a dialect: every statement the ORM itself runs is
// rendered here from a description of it (a table, its columns, the filter
// expressions of expr.hpp, an order, a window), so that Session, Query and
// SchemaVersion hold no SQL text. What a backend spells its own way
// (quoting, placeholders, column types, LIMIT, upserts, the DDL it accepts)
// is a virtual function that its compiler (src/backends/NAME/compiler.cpp)
// overrides.
//
// Rendering needs no database: tests/orm/test_sql_compiler.cpp checks the
// text of every statement kind per dialect. Callers that run a statement
// shape many times cache its text per connection (Connection::rendered), so
// rendering is not on the hot path.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "orm/dialect/dialect.hpp"
#include "orm/expr.hpp"
#include "orm/model.hpp"
#include "orm/value.hpp"

namespace orm {

// Rendered SQL and its bound values, in the order of its placeholders.
struct Sql {
    std::string text;
    std::vector<Value> params;
};

// The rows of one table a statement reads or changes: the filters (ANDed),
// a full-text match (joined, filtered and ranked before any order), the
// order and the window.
struct Selection {
    const TableDef* table = nullptr;
    std::span<const Expr> where;
    const FulltextMatch* match = nullptr;
    std::span<const OrderBy> order;
    std::optional<std::int64_t> limit, offset;

    // The bound values in the order select() places them: filters, the
    // match's condition, the match's rank, then the order. Lets a caller that
    // reuses cached text bind without rendering again.
    template <class F>
    void each_parameter(F&& f) const;
};

// One column of INSERT … SELECT: a bound value, or (without one) the
// same-named column of the source table.
struct CopiedColumn {
    std::size_t column;  // in the target table
    std::optional<Value> value;
};

// One column = value of a bulk update.
struct ColumnValue {
    std::size_t column;
    Value value;
};

class SqlCompiler {
  public:
    virtual ~SqlCompiler();

    // ---- spelling ------------------------------------------------------
    virtual std::string quote(std::string_view identifier) const;  // "name"
    // The n-th bound value of a statement (from 1): ? by default.
    virtual std::string placeholder(int n) const;
    virtual std::string limit_offset(std::optional<std::int64_t> limit,
                                     std::optional<std::int64_t> offset) const;
    // A bound value that stands for a value of `column` where nothing else
    // gives it a type (the select list of INSERT … SELECT).
    virtual std::string parameter(const ColumnDef& column, int n) const;

    // ---- queries (Query) -------------------------------------------------
    // Every column of the selected rows, qualified by their table.
    Sql select(const Selection& rows) const;
    // How many rows are selected (ignoring order and window).
    Sql count(const Selection& rows) const;
    // The selected rows counted per value of `column`: value, count.
    Sql count_by(const Selection& rows, std::size_t column) const;
    // The counts of a column declared orm::counted, read from its count
    // table: value, count, for every value counted at least once.
    std::string counted(const ColumnDef& column) const;
    // The selected rows deleted / changed / copied into `target` (no match,
    // order or window).
    Sql delete_where(const Selection& rows) const;
    Sql update_where(const Selection& rows, std::span<const ColumnValue> values) const;
    Sql insert_select(const TableDef& target, std::span<const CopiedColumn> columns,
                      const Selection& rows) const;

    // ---- one row by a key (Session, SchemaVersion) -----------------------
    // Every column of the row whose `key` column equals the one bound value.
    std::string select_by(const TableDef& table, std::string_view key) const;
    // A row with `columns` (indexes into the table) bound in that order.
    std::string insert(const TableDef& table, std::span<const std::size_t> columns) const;
    // `columns` of the row whose `key` equals the last bound value.
    std::string update_by(const TableDef& table, std::span<const std::size_t> columns,
                          std::string_view key) const;
    std::string delete_by(const TableDef& table, std::string_view key) const;
    // A row with `columns` bound in that order, or, when a row with the same
    // value of the unique column `key` is there, its other columns set.
    virtual std::string upsert(const TableDef& table, std::span<const std::size_t> columns,
                               std::string_view key) const;

    // ---- savepoints (Connection) -----------------------------------------
    // The name of the savepoint `depth` levels inside the transaction.
    virtual std::string savepoint_name(std::size_t depth) const;
    virtual std::string savepoint(std::string_view name) const;
    virtual std::string release_savepoint(std::string_view name) const;
    virtual std::string rollback_to_savepoint(std::string_view name) const;

    // ---- DDL ---------------------------------------------------------------
    virtual std::string column_type(const ColumnDef& column) const = 0;
    // The whole definition of an auto-increment integer primary key column
    // (ids never reused unless the column says reuse_ids: orm::rowid).
    virtual std::string autoincrement_primary_key(const ColumnDef& column) const = 0;
    virtual std::string default_now() const { return "CURRENT_TIMESTAMP"; }
    virtual std::string table_options() const { return {}; }
    // CREATE TABLE, skipping an existing one.
    virtual std::string create_table(const TableDef& table) const;
    // The table's indexes (declared with orm::indexed or TableDef::index), by
    // name. Each skips an existing index of its name where the dialect can
    // say so in SQL (not MySQL 8: its dialect asks the catalog first).
    struct Index {
        std::string name;
        std::string sql;
    };
    virtual std::vector<Index> create_indexes(const TableDef& table) const;
    virtual std::string drop_table(const TableDef& table) const;
    // Adds `missing` columns to an existing table, with their defaults, in
    // one statement.
    virtual std::string add_columns(const TableDef& table,
                                    const std::vector<const ColumnDef*>& missing) const;
    // A column as it appears in CREATE TABLE / ADD COLUMN.
    virtual std::string column_definition(const TableDef& table, const ColumnDef& column) const;

    // ---- counters (orm::counted; the triggers are each backend's own) ------
    // The names every backend's counter of `column` uses, quoted.
    struct CounterNames {
        std::string counts;  // the count table
        std::string key;     // the counted column, the count table's key
        std::string count;   // the count column
        std::string table;   // the counted table
    };
    CounterNames counter_names(const TableDef& table, const ColumnDef& column) const;
    // Counts the rows already in `table` into a new (empty) count table.
    // Rows that reference nothing (written while foreign keys were off) are
    // not counted: they would break a count table's own foreign key.
    std::string count_existing(const TableDef& table, const ColumnDef& column) const;

  protected:
    // Table-level clauses after the columns in CREATE TABLE (e.g. constraints).
    virtual std::string table_constraints(const TableDef&) const { return {}; }
    // A column as listed in CREATE INDEX.
    virtual std::string index_column(const TableDef&, std::string_view column) const {
        return quote(column);
    }
    // CREATE [UNIQUE] INDEX with IF NOT EXISTS where the dialect has it.
    virtual std::string create_index(bool unique, std::string_view name, const TableDef& table,
                                     std::string_view columns) const;
    // Text for SQL written elsewhere (a backend's full-text condition, raw
    // Expr::sql) with ? placeholders; `n` counts the statement's placeholders
    // so far. Default: as it is.
    virtual std::string fragment(std::string_view sql, int& n) const;
    static std::string_view on_delete_clause(OnDelete action);

    std::string qualified(const TableDef& table, std::string_view column) const;

  private:
    struct Writer;
    void expression(const Expr& expr, Writer& out) const;
    void from_where(const Selection& rows, Writer& out) const;
    void where(std::span<const Expr> filters, Writer& out) const;
    void order_by(const Selection& rows, Writer& out) const;
};

template <class F>
void Selection::each_parameter(F&& f) const {
    for (const auto& filter : where)
        filter.each_parameter(f);
    if (match)
        for (const auto& value : match->where_params)
            f(value);
    if (match)
        for (const auto& value : match->rank_params)
            f(value);
    for (const auto& order_by : order)
        order_by.expr.each_parameter(f);
}

}  // namespace orm
