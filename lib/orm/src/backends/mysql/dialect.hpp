#pragma once
// MySQL / MariaDB (tested on MariaDB 10.11) through MariaDB Connector/C:
// InnoDB tables in utf8mb4, server-side prepared statements, an InnoDB
// FULLTEXT index for search. Sessions run in UTC, strict mode, READ
// COMMITTED (see MysqlConnection).
//
// Types: integers are BIGINT; VARCHAR compares exactly (utf8mb4_bin), as on
// SQLite; TEXT is MEDIUMTEXT (up to 16 MiB) and exact too, except a column
// declared orm::fulltext, which is utf8mb4_unicode_ci so that its index and
// its searches are case- and accent-insensitive; timestamps are DATETIME.
//
// Full-text caveat: InnoDB indexes a row when its transaction commits, so
// MATCH does not see rows inserted or changed by the searching transaction
// itself (it does see every committed row, whoever wrote it). Searches for
// words the index cannot hold (short words, stop words) scan with REGEXP.
#include "orm/dialect/dialect.hpp"

namespace orm {

class MysqlDialect : public Dialect {
  public:
    std::string_view name() const override { return "mysql"; }
    std::unique_ptr<Connection> connect(const Url& url,
                                        const EngineOptions& options) const override;

    std::string quote(std::string_view identifier) const override;  // `name`
    std::string column_type(const ColumnDef& column) const override;
    std::string autoincrement_primary_key(const ColumnDef& column) const override;
    std::string table_options() const override;
    // CURRENT_TIMESTAMP is in the session's time zone, which another
    // program's session need not set to UTC; stored times are UTC.
    std::string default_now() const override { return "(UTC_TIMESTAMP())"; }

    bool has_table(Connection& connection, std::string_view table) const override;
    std::size_t count_tables(Connection& connection,
                             const std::vector<std::string>& tables) const override;
    std::vector<std::string> table_columns(Connection& connection,
                                           std::string_view table) const override;
    // ALTER TABLE ADD COLUMN IF NOT EXISTS, with the new columns' foreign keys.
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

  protected:
    std::string column_definition(const TableDef& table, const ColumnDef& column) const override;
    // Foreign keys as table constraints (MySQL ignores inline REFERENCES) and
    // TEXT columns indexed by a prefix.
    std::string table_constraints(const TableDef& table) const override;
    std::string index_column(const TableDef& table, std::string_view column) const override;
};

}  // namespace orm
