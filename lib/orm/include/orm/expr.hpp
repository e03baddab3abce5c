#pragma once
// Typed filter expressions, compiled to parameterised SQL:
//
//   using orm::c;
//   session.query<Note>()
//       .filter(c(&Note::category_id) == 3 && !c(&Note::text).like("%draft%"))
//       .order_by(c(&Note::created_at).desc());
//
// Values are always bound parameters; identifiers come only from model
// declarations. The dialect's SqlCompiler quotes them and writes the
// placeholders (? or $n) when the statement is rendered.
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "orm/block_pool.hpp"
#include "orm/model.hpp"
#include "orm/value.hpp"

namespace orm {

class Expr {
  public:
    // A piece is literal SQL, a column to be quoted, or the placeholder of
    // the next bound value. Its text is a view: of a string literal, of a
    // model's declaration (both outlive every query), or of text this
    // expression owns (shared by its copies), so building one copies no names.
    struct Piece {
        enum class Kind : char { sql = 's', column = 'c', parameter = 'p' };
        Kind kind = Kind::sql;
        std::string_view text;   // SQL, or the column's name
        std::string_view table;  // a column's table
        Value value;             // a parameter's
    };

    // Literal SQL; each ? in it stands for the next of `params`.
    static Expr sql(std::string text, std::vector<Value> params = {});
    static Expr column(std::string table, std::string column);

    // Room for that many pieces, for expressions built in steps.
    void reserve(std::size_t pieces);
    Expr& append(const Expr& other);
    Expr& append_column(std::string table, std::string column);
    Expr& append_sql(std::string text);
    // A placeholder for `value`, bound in the order the placeholders appear.
    Expr& append_parameter(Value value);
    // Without copies, for text that outlives the expression: string literals
    // and model declarations.
    Expr& append_static_column(const std::string& table, const std::string& column);
    Expr& append_static_sql(std::string_view text);

    using Pieces = std::vector<Piece, PoolAllocator<Piece>>;  // one per query: pooled
    const Pieces& pieces() const { return pieces_; }
    // Appends what the rendered SQL depends on, unquoted and without the
    // bound values: equal shapes render equal SQL (a key for rendered SQL).
    void append_shape(std::string& key) const;
    // The bound values, in the order of their placeholders.
    template <class F>
    void each_parameter(F&& f) const {
        for (const auto& piece : pieces_)
            if (piece.kind == Piece::Kind::parameter) f(piece.value);
    }
    std::vector<Value> params() const;

  private:
    std::string_view own(std::string text);

    Pieces pieces_;
    std::vector<std::shared_ptr<const std::string>> owned_;  // what pieces view, if not static
};

Expr operator&&(const Expr& a, const Expr& b);
Expr operator||(const Expr& a, const Expr& b);
Expr operator!(const Expr& a);

struct OrderBy {
    Expr expr;
    bool descending = false;
};

namespace detail {
// A model's column, named by its declaration (which outlives every query).
struct ColumnRef {
    const std::string* table;
    const std::string* column;
};
// `op`: a string literal, spaced (" = ", " <> ", ...).
Expr compare(ColumnRef column, std::string_view op, Value value);
Expr in_list(ColumnRef column, std::vector<Value> values);
Expr like(ColumnRef column, std::string pattern);
Expr is_null(ColumnRef column, bool null);
}  // namespace detail

// A column of model T whose member has type M; made by orm::c(&T::member).
template <class T, class M>
class Column {
  public:
    // Names, not copies: the condition is built once, when it is used.
    Column(const TableDef& table, const ColumnDef& column) : ref_{&table.name(), &column.name} {}

    Expr expr() const {
        Expr e;
        e.append_static_column(*ref_.table, *ref_.column);
        return e;
    }

    Expr operator==(const M& v) const { return detail::compare(ref_, " = ", to_value(v)); }
    Expr operator!=(const M& v) const { return detail::compare(ref_, " <> ", to_value(v)); }
    Expr operator<(const M& v) const { return detail::compare(ref_, " < ", to_value(v)); }
    Expr operator<=(const M& v) const { return detail::compare(ref_, " <= ", to_value(v)); }
    Expr operator>(const M& v) const { return detail::compare(ref_, " > ", to_value(v)); }
    Expr operator>=(const M& v) const { return detail::compare(ref_, " >= ", to_value(v)); }

    // SQL LIKE with '%' and '_' wildcards and '!' as the escape character
    // (the one escape that reads the same on every backend).
    Expr like(std::string pattern) const { return detail::like(ref_, std::move(pattern)); }
    Expr in(const std::vector<M>& values) const {
        std::vector<Value> bound;
        bound.reserve(values.size());
        for (const auto& v : values)
            bound.push_back(to_value(v));
        return detail::in_list(ref_, std::move(bound));
    }
    Expr is_null() const { return detail::is_null(ref_, true); }
    Expr is_not_null() const { return detail::is_null(ref_, false); }

    OrderBy asc() const { return OrderBy{expr(), false}; }
    OrderBy desc() const { return OrderBy{expr(), true}; }

  private:
    static Value to_value(const M& v) { return FieldTraits<M>::to_value(v); }
    detail::ColumnRef ref_;
};

template <Model T, Field M>
Column<T, M> c(M T::*member) {
    const auto& table = T::table();
    return Column<T, M>(table, table.columns()[table.index_of(member)]);
}

// Escapes '%', '_' and '!' with '!' so that `text` matches itself inside a LIKE pattern.
std::string like_escape(std::string_view text);

}  // namespace orm
