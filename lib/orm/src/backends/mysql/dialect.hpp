#pragma once
// MySQL / MariaDB (tested on MariaDB 10.11) through MariaDB Connector/C:
// InnoDB tables in utf8mb4, server-side prepared statements, an InnoDB
// FULLTEXT index for search. Sessions run in UTC, strict mode, READ
// COMMITTED (see MysqlConnection). Types and SQL spelling: compiler.hpp.
//
// Full-text caveat: InnoDB indexes a row when its transaction commits, so
// MATCH does not see rows inserted or changed by the searching transaction
// itself (it does see every committed row, whoever wrote it). Searches for
// words the index cannot hold (short words, stop words) scan with REGEXP.
#include "compiler.hpp"
#include "orm/dialect/dialect.hpp"

namespace orm {

class MysqlDialect : public Dialect {
  public:
    std::string_view name() const override { return "mysql"; }
    std::unique_ptr<Connection> connect(const Url& url,
                                        const EngineOptions& options) const override;

    const SqlCompiler& compiler() const override { return compiler_; }

    bool has_table(Connection& connection, std::string_view table) const override;
    std::size_t count_tables(Connection& connection,
                             const std::vector<std::string>& tables) const override;
    std::vector<std::string> table_columns(Connection& connection,
                                           std::string_view table) const override;
    // The table, then those of its indexes that the catalog does not list.
    void create_table(Connection& connection, const TableDef& table) const override;
    // One ALTER TABLE, with the new columns' foreign keys; a column another
    // program added meanwhile is skipped.
    void add_columns(Connection& connection, const TableDef& table,
                     const std::vector<const ColumnDef*>& missing) const override;
    // A VARCHAR shorter than declared, a TEXT too small for MEDIUMTEXT, or a
    // string column in another collation (e.g. a case-insensitive name) is
    // modified to the declared type, keeping its nullability and default.
    void conform_columns(Connection& connection, const TableDef& table) const override;
    void set_foreign_keys(Connection& connection, bool on) const override;
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
    MysqlCompiler compiler_;
};

}  // namespace orm
