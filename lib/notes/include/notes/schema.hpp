#pragma once
// The notebook's schema history. The version lives in notes_meta(key, value)
// under 'schema_version'; each step brings the schema one version up.
#include "orm/session.hpp"

namespace notes {

inline constexpr int schema_version = 3;

// Creates or upgrades the schema; a database from a newer program is refused
// (orm::SchemaVersionError). Costs one read when the schema is current.
void ensure_schema(orm::Session& session);
// Drops every table of the notebook, bookkeeping included.
void drop_schema(orm::Session& session);

}  // namespace notes
