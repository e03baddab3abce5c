#pragma once
// SQLite's spelling of SQL: "quoted" names, ? placeholders, advisory column
// types, AUTOINCREMENT keys, ON CONFLICT upserts (the defaults of
// SqlCompiler where SQLite agrees with them).
#include "orm/dialect/compiler.hpp"

namespace orm {

class SqliteCompiler : public SqlCompiler {
  public:
    std::string column_type(const ColumnDef& column) const override;
    std::string autoincrement_primary_key(const ColumnDef& column) const override;
};

}  // namespace orm
