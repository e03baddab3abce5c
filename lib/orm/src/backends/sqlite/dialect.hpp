#pragma once
// SQLite through SQLiteCpp: WAL, foreign keys on, a busy timeout, FTS5 for
// full-text search (an external-content index kept in step by triggers).
#include "compiler.hpp"
#include "orm/dialect/dialect.hpp"

namespace orm {

class SqliteDialect : public Dialect {
  public:
    std::string_view name() const override { return "sqlite"; }
    std::unique_ptr<Connection> connect(const Url& url,
                                        const EngineOptions& options) const override;
    // An in-memory database always; a file when it exists.
    bool database_exists(const Url& url) const override;

    const SqlCompiler& compiler() const override { return compiler_; }

    bool has_table(Connection& connection, std::string_view table) const override;
    std::size_t count_tables(Connection& connection,
                             const std::vector<std::string>& tables) const override;
    std::vector<std::string> table_columns(Connection& connection,
                                           std::string_view table) const override;
    void add_columns(Connection& connection, const TableDef& table,
                     const std::vector<const ColumnDef*>& missing) const override;
    void set_foreign_keys(Connection& connection, bool on) const override;
    void create_fulltext(Connection& connection, const TableDef& table,
                         const ColumnDef& column) const override;
    void drop_fulltext(Connection& connection, const TableDef& table,
                       const ColumnDef& column) const override;
    std::vector<std::string> suspend_indexes(Connection& connection,
                                             const TableDef& table) const override;
    void resume_indexes(Connection& connection,
                        const std::vector<std::string>& suspended) const override;
    std::optional<std::int64_t> suspend_fulltext(Connection& connection, const TableDef& table,
                                                 const ColumnDef& column) const override;
    void resume_fulltext(Connection& connection, const TableDef& table, const ColumnDef& column,
                         std::int64_t mark) const override;
    FulltextMatch fulltext_match(const TableDef& table, const ColumnDef& column,
                                 const std::vector<SearchTerm>& terms) const override;
    // Counters: in counter.cpp.
    void create_counter(Connection& connection, const TableDef& table,
                        const ColumnDef& column) const override;
    void drop_counter(Connection& connection, const TableDef& table,
                      const ColumnDef& column) const override;
    // A bulk load drops the insert trigger and counts the new rows at the end
    // (a trigger per row costs a statement journal per row).
    std::optional<std::int64_t> suspend_counter(Connection& connection, const TableDef& table,
                                                const ColumnDef& column) const override;
    void resume_counter(Connection& connection, const TableDef& table, const ColumnDef& column,
                        std::int64_t mark) const override;

  private:
    SqliteCompiler compiler_;
    std::string insert_trigger(const TableDef& table, const ColumnDef& column) const;
    std::string counter_insert_trigger(const TableDef& table, const ColumnDef& column) const;
};

}  // namespace orm
