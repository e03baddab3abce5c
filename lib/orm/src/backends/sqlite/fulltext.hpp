#pragma once
// SQLite full-text search: an FTS5 external-content table TABLE_fts per
// searchable column, tokenised unicode61 with diacritics removed (case- and
// accent-insensitive), kept in step by triggers so that rows written by any
// program are found. Bulk loads drop the insert trigger and index the new
// rows in one pass (SqliteDialect::suspend_fulltext / resume_fulltext).
// The SqliteDialect members that do it are defined in fulltext.cpp.
#include <string>

#include "orm/model.hpp"

namespace orm {

// The FTS5 table that indexes `table`.
std::string sqlite_fts_table(const TableDef& table);

}  // namespace orm
