#include "orm/expr.hpp"

namespace orm {

std::string_view Expr::own(std::string text) {
    owned_.push_back(std::make_shared<const std::string>(std::move(text)));
    return *owned_.back();
}

Expr Expr::sql(std::string text, std::vector<Value> params) {
    Expr e;
    e.append_sql(std::move(text));
    e.params_ = std::move(params);
    return e;
}

Expr Expr::column(std::string table, std::string column) {
    Expr e;
    e.append_column(std::move(table), std::move(column));
    return e;
}

void Expr::reserve(std::size_t pieces, std::size_t params) {
    pieces_.reserve(pieces);
    params_.reserve(params);
}

Expr& Expr::append(const Expr& other) {
    // The views stay valid: the text they see is static or shared here too.
    pieces_.insert(pieces_.end(), other.pieces_.begin(), other.pieces_.end());
    params_.insert(params_.end(), other.params_.begin(), other.params_.end());
    owned_.insert(owned_.end(), other.owned_.begin(), other.owned_.end());
    return *this;
}

Expr& Expr::append_column(std::string table, std::string column) {
    const auto table_view = own(std::move(table));
    pieces_.push_back(Piece{Piece::Kind::column, own(std::move(column)), table_view});
    return *this;
}

Expr& Expr::append_sql(std::string text) {
    pieces_.push_back(Piece{Piece::Kind::sql, own(std::move(text)), {}});
    return *this;
}

Expr& Expr::append_static_column(const std::string& table, const std::string& column) {
    pieces_.push_back(Piece{Piece::Kind::column, column, table});
    return *this;
}

Expr& Expr::append_static_sql(std::string_view text) {
    pieces_.push_back(Piece{Piece::Kind::sql, text, {}});
    return *this;
}

Expr& Expr::append_parameter(Value value) {
    pieces_.push_back(Piece{Piece::Kind::parameter, {}, {}});
    params_.push_back(std::move(value));
    return *this;
}

void Expr::append_shape(std::string& key) const {
    for (const auto& piece : pieces_) {
        key += static_cast<char>(piece.kind);
        key += piece.text;
        key += '\x1f';
        key += piece.table;
        key += '\x1e';
    }
}

namespace {

Expr binary(const Expr& a, std::string_view op, const Expr& b) {
    Expr e;
    e.reserve(a.pieces().size() + b.pieces().size() + 3, a.params().size() + b.params().size());
    e.append_static_sql("(").append(a).append_static_sql(op).append(b).append_static_sql(")");
    return e;
}

}  // namespace

Expr operator&&(const Expr& a, const Expr& b) {
    return binary(a, " AND ", b);
}
Expr operator||(const Expr& a, const Expr& b) {
    return binary(a, " OR ", b);
}
Expr operator!(const Expr& a) {
    Expr e;
    e.append_static_sql("NOT (").append(a).append_static_sql(")");
    return e;
}

namespace detail {

namespace {

// The column, then room for `pieces` more and `params` values.
Expr starting_with(ColumnRef column, std::size_t pieces, std::size_t params) {
    Expr e;
    e.reserve(1 + pieces, params);
    e.append_static_column(*column.table, *column.column);
    return e;
}

}  // namespace

Expr compare(ColumnRef column, std::string_view op, Value value) {
    // NULL never compares equal in SQL; the ORM reads `== NULL` as IS NULL.
    if (std::holds_alternative<std::monostate>(value) && (op == " = " || op == " <> "))
        return is_null(column, op == " = ");
    Expr e = starting_with(column, 2, 1);
    e.append_static_sql(op).append_parameter(std::move(value));
    return e;
}

Expr in_list(ColumnRef column, std::vector<Value> values) {
    if (values.empty()) {
        Expr none;
        none.append_static_sql("1 = 0");
        return none;
    }
    Expr e = starting_with(column, 2 * values.size() + 1, values.size());
    e.append_static_sql(" IN (");
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) e.append_static_sql(", ");
        e.append_parameter(std::move(values[i]));
    }
    e.append_static_sql(")");
    return e;
}

Expr like(ColumnRef column, std::string pattern) {
    Expr e = starting_with(column, 3, 1);
    e.append_static_sql(" LIKE ")
        .append_parameter(std::move(pattern))
        .append_static_sql(" ESCAPE '!'");
    return e;
}

Expr is_null(ColumnRef column, bool null) {
    Expr e = starting_with(column, 1, 0);
    e.append_static_sql(null ? " IS NULL" : " IS NOT NULL");
    return e;
}

}  // namespace detail

std::string like_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '%' || c == '_' || c == '!') out += '!';
        out += c;
    }
    return out;
}

}  // namespace orm
