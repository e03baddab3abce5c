#pragma once
// MySQL's and MariaDB's spelling of SQL: `quoted` names, ? placeholders,
// InnoDB tables in utf8mb4, foreign keys as table constraints, TEXT indexed
// by a prefix, ON DUPLICATE KEY UPDATE upserts.
//
// Only what MySQL 8 accepts as well as MariaDB: no CREATE INDEX IF NOT
// EXISTS nor ADD COLUMN IF NOT EXISTS (MariaDB's alone). MysqlDialect asks
// the catalog for the indexes and columns that exist instead.
//
// Types: integers are BIGINT; VARCHAR compares exactly (utf8mb4_bin), as on
// SQLite; TEXT is MEDIUMTEXT (up to 16 MiB) and exact too, except a column
// declared orm::fulltext, which is utf8mb4_unicode_ci so that its index and
// its searches are case- and accent-insensitive; timestamps are DATETIME.
#include "orm/dialect/compiler.hpp"

namespace orm {

class MysqlCompiler : public SqlCompiler {
  public:
    std::string quote(std::string_view identifier) const override;  // `name`
    std::string column_type(const ColumnDef& column) const override;
    std::string autoincrement_primary_key(const ColumnDef& column) const override;
    std::string table_options() const override;
    // CURRENT_TIMESTAMP is in the session's time zone, which another
    // program's session need not set to UTC; stored times are UTC.
    std::string default_now() const override { return "(UTC_TIMESTAMP())"; }
    std::string upsert(const TableDef& table, std::span<const std::size_t> columns,
                       std::string_view key) const override;
    // With the new columns' foreign keys.
    std::string add_columns(const TableDef& table,
                            const std::vector<const ColumnDef*>& missing) const override;
    std::string column_definition(const TableDef& table, const ColumnDef& column) const override;

  protected:
    // Foreign keys as table constraints (MySQL ignores inline REFERENCES) and
    // TEXT columns indexed by a prefix.
    std::string table_constraints(const TableDef& table) const override;
    std::string index_column(const TableDef& table, std::string_view column) const override;
    std::string create_index(bool unique, std::string_view name, const TableDef& table,
                             std::string_view columns) const override;

  private:
    std::string foreign_key(const ColumnDef& column) const;
};

}  // namespace orm
