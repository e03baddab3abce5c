#include "orm/schema_version.hpp"

#include <fmt/format.h>

#include <charconv>

#include "orm/connection.hpp"
#include "orm/dialect/compiler.hpp"
#include "orm/errors.hpp"
#include "orm/metadata.hpp"
#include "orm/session.hpp"

namespace orm {

namespace {

// The version table's own declaration: a key/value pair per row.
class VersionTable : public TableDef {
  public:
    enum Column : std::size_t { key, value };
    explicit VersionTable(std::string name) : TableDef(std::move(name)) {
        ColumnDef key_column;
        key_column.name = "key";
        key_column.type = ColumnType::Varchar;
        key_column.length = 64;
        key_column.not_null = key_column.unique = true;
        add_column(key_column);
        ColumnDef value_column;
        value_column.name = "value";
        value_column.type = ColumnType::Text;
        value_column.not_null = true;
        add_column(value_column);
    }
    std::shared_ptr<void> create() const override { return nullptr; }
    Value get(const void*, std::size_t) const override { return {}; }
    void set(void*, std::size_t, const Value&) const override {}
    void load(void*, std::size_t, const Statement&, int) const override {}
    std::shared_ptr<void> clone(const void*) const override { return nullptr; }
    bool same(const void*, const void*, std::size_t) const override { return true; }
    void copy(void*, const void*, std::size_t) const override {}
};

}  // namespace

SchemaVersion::SchemaVersion(std::string table, std::string key)
    : table_(std::move(table)), key_(std::move(key)) {}

std::optional<int> SchemaVersion::current(Connection& connection,
                                          const std::vector<std::string>& required) const {
    const auto& d = connection.dialect();
    std::vector<std::string> tables{table_};
    tables.insert(tables.end(), required.begin(), required.end());
    if (d.count_tables(connection, tables) != tables.size()) return std::nullopt;
    auto statement = connection.prepare(d.compiler().select_by(VersionTable(table_), "key"));
    statement->bind(1, key_);
    if (!statement->step()) return std::nullopt;
    const auto text = statement->get_text(VersionTable::value);
    int version = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
    if (ec != std::errc{} || end != text.data() + text.size())
        throw OperationalError(
            fmt::format("{}.{} holds '{}', which is not a schema version", table_, key_, text));
    return version;
}

void SchemaVersion::create(Connection& connection) const {
    connection.dialect().create_table(connection, VersionTable(table_));
}

void SchemaVersion::drop(Connection& connection) const {
    connection.execute_script(connection.dialect().compiler().drop_table(VersionTable(table_)));
}

int SchemaVersion::upgrade(Session& session, const std::vector<MigrationStep>& steps,
                           const MetaData* schema) const {
    const int latest = steps.empty() ? 0 : steps.back().version;
    auto& connection = session.engine().connection();
    const auto& d = connection.dialect();
    std::vector<std::string> required;
    if (schema)
        for (const auto* table : schema->sorted_tables())
            required.push_back(table->name());
    auto check = [&](const std::vector<std::string>& tables) {
        const auto found = current(connection, tables);
        if (found && *found > latest)
            throw SchemaVersionError(
                fmt::format("the database has schema version {}, newer than this program's {}; "
                            "use a newer version of the program",
                            *found, latest));
        return found;
    };
    // The common case: one look at the catalog, one read of the version.
    if (!session.in_transaction() && check(required) == latest) return 0;

    // Steps may rebuild tables, which must not trigger foreign key actions.
    const bool toggle_keys = !session.in_transaction();
    if (toggle_keys) d.set_foreign_keys(connection, false);
    struct KeysBackOn {
        const Dialect& d;
        Connection& c;
        bool on;
        ~KeysBackOn() {
            if (!on) return;
            try {
                d.set_foreign_keys(c, true);
            } catch (...) {
                // The connection is unusable anyway; its next statement reports why.
            }
        }
    } keys_back_on{d, connection, toggle_keys};

    auto tx = session.begin();
    // Again: another process may have upgraded or repaired it meanwhile.
    if (check(required) == latest) {
        tx.commit();
        return 0;
    }
    const int from = check({}).value_or(0);
    create(connection);
    int ran = 0;
    for (const auto& step : steps) {
        if (step.version <= from) continue;
        step.apply(connection);
        ++ran;
    }
    // Tables missing although the version said they were there.
    if (schema && d.count_tables(connection, required) != required.size())
        schema->create_all(connection);
    const std::size_t both[] = {VersionTable::key, VersionTable::value};
    connection.execute(d.compiler().upsert(VersionTable(table_), both, "key"),
                       {key_, std::to_string(latest)});
    tx.commit();
    return ran;
}

}  // namespace orm
