#include "orm/model.hpp"

#include <fmt/format.h>

#include "orm/errors.hpp"
#include "orm/text/utf8.hpp"

namespace orm {

void apply_option(ColumnDef& column, PrimaryKey) {
    column.primary_key = true;
    column.not_null = true;
}
void apply_option(ColumnDef& column, Rowid) {
    column.primary_key = true;
    column.reuse_ids = true;
    column.not_null = true;
}
void apply_option(ColumnDef& column, NotNull) {
    column.not_null = true;
}
void apply_option(ColumnDef& column, Unique) {
    column.unique = true;
}
void apply_option(ColumnDef& column, Indexed) {
    column.indexed = true;
}
void apply_option(ColumnDef& column, Fulltext) {
    column.fulltext = true;
}
void apply_option(ColumnDef& column, DefaultNow) {
    column.default_now = true;
}
void apply_option(ColumnDef& column, UpdateNow) {
    column.update_now = true;
}
void apply_option(ColumnDef& column, const varchar& option) {
    column.type = ColumnType::Varchar;
    column.length = option.length;
}
void apply_option(ColumnDef& column, const default_value& option) {
    column.default_value = option.value;
}
void apply_option(ColumnDef& column, const references& option) {
    column.foreign_key = ForeignKey{option.table, option.column, option.on_delete};
}
void apply_option(ColumnDef& column, const counted& option) {
    column.counter = CounterDef{option.table, option.count_column};
}

std::int64_t value_to_int64(const Value& value) {
    if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
    if (const auto* d = std::get_if<double>(&value)) return static_cast<std::int64_t>(*d);
    if (const auto* s = std::get_if<std::string>(&value)) {
        try {
            return std::stoll(*s);
        } catch (const std::exception&) {
            return 0;
        }
    }
    return 0;
}

double value_to_double(const Value& value) {
    if (const auto* d = std::get_if<double>(&value)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
    if (const auto* s = std::get_if<std::string>(&value)) {
        try {
            return std::stod(*s);
        } catch (const std::exception&) {
            return 0;
        }
    }
    return 0;
}

std::string value_to_string(const Value& value) {
    if (const auto* s = std::get_if<std::string>(&value)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&value)) return fmt::format("{}", *d);
    return {};
}

TableDef::TableDef(std::string name) : name_(std::move(name)) {}

TableDef::~TableDef() = default;

const ColumnDef* TableDef::find(std::string_view column) const {
    for (const auto& c : columns_)
        if (c.name == column) return &c;
    return nullptr;
}

std::vector<std::string> TableDef::dependencies() const {
    std::vector<std::string> out;
    for (const auto& c : columns_)
        if (c.foreign_key && c.foreign_key->table != name_) out.push_back(c.foreign_key->table);
    return out;
}

void TableDef::add_column(ColumnDef column) {
    if (column.primary_key) {
        if (primary_key_ != static_cast<std::size_t>(-1))
            throw std::logic_error("orm: table " + name_ + " declares two primary keys");
        if (column.type != ColumnType::Integer)
            throw std::logic_error("orm: the primary key of " + name_ + " must be an integer");
        primary_key_ = columns_.size();
    }
    columns_.push_back(std::move(column));
}

void TableDef::add_index(IndexDef index) {
    indexes_.push_back(std::move(index));
}

namespace {

// The rules validate() checks for one column's value.
void check_null(const std::string& table, const ColumnDef& column) {
    if (column.not_null && !column.primary_key && !column.default_value)
        throw ValidationError(table, column.name, "NULL", "is not allowed (NOT NULL)");
}

void check_length(const std::string& table, const ColumnDef& column, const Value& value) {
    const auto* text = std::get_if<std::string>(&value);
    if (text && orm::text::length(*text) > static_cast<std::size_t>(column.length))
        throw ValidationError(table, column.name, describe(value),
                              fmt::format("is {} characters long; at most {} are allowed",
                                          orm::text::length(*text), column.length));
}

}  // namespace

void TableDef::validate(const std::vector<Value>& row) const {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        const auto& column = columns_[i];
        if (std::holds_alternative<std::monostate>(row[i]))
            check_null(name_, column);
        else if (column.type == ColumnType::Varchar)
            check_length(name_, column, row[i]);
    }
}

void TableDef::validate_object(const void* object) const {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        const auto& column = columns_[i];
        if (is_null(object, i))
            check_null(name_, column);
        else if (column.type == ColumnType::Varchar)
            check_length(name_, column, get(object, i));
    }
}

bool TableDef::is_null(const void* object, std::size_t column) const {
    return std::holds_alternative<std::monostate>(get(object, column));
}

void TableDef::bind(const void* object, std::size_t column, Statement& statement, int index) const {
    statement.bind(index, get(object, column));
}

std::vector<Value> TableDef::values(const void* object) const {
    std::vector<Value> out;
    out.reserve(columns_.size());
    for (std::size_t i = 0; i < columns_.size(); ++i)
        out.push_back(get(object, i));
    return out;
}

TableDef::Loaded TableDef::load_tracked(const Statement& row) const {
    auto object = create();
    load_row(object.get(), row);
    auto copy = clone(object.get());
    return {std::move(object), std::move(copy)};
}

bool TableDef::same_row(const void* a, const void* b) const {
    for (std::size_t i = 0; i < columns_.size(); ++i)
        if (!same(a, b, i)) return false;
    return true;
}

void TableDef::load_row(void* object, const Statement& row) const {
    for (std::size_t i = 0; i < columns_.size(); ++i)
        load(object, i, row, static_cast<int>(i));
}

std::int64_t TableDef::id_of(const void* object) const {
    return value_to_int64(get(object, primary_key_));
}

void TableDef::set_id(void* object, std::int64_t id) const {
    set(object, primary_key_, id);
}

}  // namespace orm
