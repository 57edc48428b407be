"""GraphQL execution with short paths for plain objects and plain leaf fields.

graphql-core handles every field alike: it builds a `GraphQLResolveInfo`, a `Path`, the
list of field nodes, the argument map and a chain of `complete_value` calls — about 30 µs
per field here. A passport has some 130 fields and most are plain: strawberry calls them
"basic fields" (no resolver, no extensions) and resolves them with a bare attribute read
that never looks at `info`. Two short paths use that:

- A *plain object* — every field selected on it is basic and is a leaf, an object of a
  plain type or a list of those — is built directly: attributes read, leaves coerced with
  the type's own `coerce_output_value` (what `complete_leaf_value` does), nested plain
  objects built the same way. A route step with its organisations is one such object.
- A *plain leaf* on any other object (a basic field of scalar or enum type) skips the
  per-field machinery the same way.

Anything else — a resolver, arguments or directives on the field, an abstract type or one
with `is_type_of`, a deferred fragment, a null on a non-null field, an awaitable, an
exception, a value a scalar refuses — goes through graphql-core's own path, which yields
the regular result or the located error. Falling back re-reads attributes only, which is
harmless. tests/unit/api/test_graphql_execution.py checks both paths answer identically.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

_LEAF_TYPES = (GraphQLScalarType, GraphQLEnumType)
_LEAF, _OBJECT, _OBJECT_LIST, _TYPENAME = range(4)


class _NotPlain(Exception):
    """This value needs graphql-core's own path (an error to locate, a null to bubble)."""


def _unwrap(type_: Any) -> tuple[Any, bool]:
    return (type_.of_type, True) if isinstance(type_, GraphQLNonNull) else (type_, False)


class PlainFieldsExecutionContext(StrawberryGraphQLCoreExecutionContext):
    # Plans per grouped field set of this request (graphql-core memoises the sets by
    # identity for the whole execution; the set is kept alive next to its plan).
    _plans: dict[int, tuple[Any, list[tuple[Any, ...]] | None]]

    def execute_fields(self, parent_type: GraphQLObjectType, source_value: Any,
                       path: Path | None, grouped_field_set: Any,
                       position_context: Any) -> Any:
        plan = self._plan(parent_type, grouped_field_set)
        if plan is not None:
            try:
                return self._build(plan, source_value)
            except _NotPlain:
                pass
        return super().execute_fields(parent_type, source_value, path, grouped_field_set,
                                      position_context)

    def execute_field(self, parent_type: GraphQLObjectType, source: Any,
                      field_details_list: Any, path: Path, position_context: Any) -> Any:
        entry = self._entry(parent_type, field_details_list)
        if entry is not None and entry[1] == _LEAF:
            try:
                return self._value(entry, source)
            except _NotPlain:
                pass
        return super().execute_field(parent_type, source, field_details_list, path,
                                     position_context)

    # -- plans ---------------------------------------------------------------------------

    def _plan(self, parent_type: GraphQLObjectType,
              grouped_field_set: Any) -> list[tuple[Any, ...]] | None:
        plans = self.__dict__.setdefault("_plans", {})
        known = plans.get(id(grouped_field_set))
        if known is not None:
            return known[1]
        entries: list[tuple[Any, ...]] | None = []
        for response_name, field_details_list in grouped_field_set.items():
            if field_details_list[0].node.name.value == "__typename":
                entry: tuple[Any, ...] | None = (response_name, _TYPENAME, parent_type.name)
            else:
                entry = self._entry(parent_type, field_details_list)
            if entry is None:
                entries = None
                break
            entries.append(entry)
        plans[id(grouped_field_set)] = (grouped_field_set, entries)
        return entries

    def _entry(self, parent_type: GraphQLObjectType,
               field_details_list: Any) -> tuple[Any, ...] | None:
        """(response name, kind, resolver, type, non-null, item non-null, field nodes) of
        a basic field, or None when graphql-core must run it."""
        node = field_details_list[0].node
        field = parent_type.fields.get(node.name.value)
        resolve = field.resolve if field is not None else None
        if (resolve is None or not getattr(resolve, "_is_default", False)
                or node.arguments or node.directives or self._wraps_resolvers(resolve)
                or any(details.defer_usage is not None for details in field_details_list)):
            return None
        response_name = node.alias.value if node.alias else node.name.value
        type_, non_null = _unwrap(field.type)
        if isinstance(type_, _LEAF_TYPES):
            return (response_name, _LEAF, resolve, type_, non_null, False, field_details_list)
        if isinstance(type_, GraphQLList):
            item_type, item_non_null = _unwrap(type_.of_type)
            if self._plain_object_type(item_type):
                return (response_name, _OBJECT_LIST, resolve, item_type, non_null,
                        item_non_null, field_details_list)
            return None
        if self._plain_object_type(type_):
            return (response_name, _OBJECT, resolve, type_, non_null, False, field_details_list)
        return None

    @staticmethod
    def _plain_object_type(type_: Any) -> bool:
        return isinstance(type_, GraphQLObjectType) and type_.is_type_of is None

    def _wraps_resolvers(self, resolve: Any) -> bool:
        # Strawberry always passes a middleware manager; it wraps resolvers only when a
        # schema extension implements `resolve` (then every field must go through it).
        manager = self.middleware_manager
        return manager is not None and manager.get_field_resolver(resolve) is not resolve

    # -- building ------------------------------------------------------------------------

    def _build(self, plan: list[tuple[Any, ...]], source: Any) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for entry in plan:
            result[entry[0]] = entry[2] if entry[1] == _TYPENAME else self._value(entry, source)
        return result

    def _value(self, entry: tuple[Any, ...], source: Any) -> Any:
        _, kind, resolve, type_, non_null, item_non_null, field_details_list = entry
        try:
            # A basic field's resolver is a plain attribute read (strawberry passes no
            # info to it either).
            value = resolve(source, None)
        except Exception as error:
            raise _NotPlain from error
        if value is None:
            if non_null:
                raise _NotPlain  # graphql-core words the error and bubbles the null
            return None
        if kind == _LEAF:
            try:
                coerced = type_.coerce_output_value(value)
            except Exception as error:
                raise _NotPlain from error
            if coerced is Undefined or coerced is None:
                raise _NotPlain
            return coerced
        if kind == _OBJECT:
            return self._object(type_, field_details_list, value)
        if not isinstance(value, list | tuple):
            raise _NotPlain  # other iterables: graphql-core's checks and errors
        items = []
        for item in value:
            if item is None:
                if item_non_null:
                    raise _NotPlain
                items.append(None)
            else:
                items.append(self._object(type_, field_details_list, item))
        return items

    def _object(self, type_: GraphQLObjectType, field_details_list: Any,
                value: Any) -> dict[str, Any]:
        grouped_field_set, new_defer_usages, *_ = self.collect_subfields(type_,
                                                                         field_details_list)
        plan = None if new_defer_usages else self._plan(type_, grouped_field_set)
        if plan is None or self.is_awaitable(value):
            raise _NotPlain
        return self._build(plan, value)
