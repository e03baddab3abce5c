#pragma once
// PostgreSQL (tested on PostgreSQL 15) through libpq: server-side prepared
// statements, sessions in UTC, READ COMMITTED (see PostgresqlConnection).
// Types and SQL spelling: compiler.hpp.
//
// Full-text search: see fulltext.hpp.
#include "compiler.hpp"
#include "orm/dialect/dialect.hpp"

namespace orm {

class PostgresqlDialect : public Dialect {
  public:
    std::string_view name() const override { return "postgresql"; }
    std::unique_ptr<Connection> connect(const Url& url,
                                        const EngineOptions& options) const override;

    const SqlCompiler& compiler() const override { return compiler_; }

    bool has_table(Connection& connection, std::string_view table) const override;
    std::vector<std::string> table_columns(Connection& connection,
                                           std::string_view table) const override;
    // A VARCHAR shorter than declared or a string column in another
    // collation (another program's table: the database's default collation
    // sorts by language rules) gets the declared type; never narrows.
    void conform_columns(Connection& connection, const TableDef& table) const override;
    void create_fulltext(Connection& connection, const TableDef& table,
                         const ColumnDef& column) const override;
    void drop_fulltext(Connection& connection, const TableDef& table,
                       const ColumnDef& column) const override;
    FulltextMatch fulltext_match(const TableDef& table, const ColumnDef& column,
                                 const std::vector<SearchTerm>& terms) const override;
    // Counters: in counter.cpp.
    void create_counter(Connection& connection, const TableDef& table,
                        const ColumnDef& column) const override;
    void drop_counter(Connection& connection, const TableDef& table,
                      const ColumnDef& column) const override;

  private:
    PostgresqlCompiler compiler_;
};

}  // namespace orm
