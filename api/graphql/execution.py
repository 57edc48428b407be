"""GraphQL execution with a short path for plain leaf fields.

graphql-core handles every field alike: it builds a `GraphQLResolveInfo`, the list of
field nodes, the argument map and a chain of `complete_value` calls, about 30 µs per field
here. A passport has some 130 fields and most are plain leaves (a string, a date, a
number read off a dataclass): strawberry calls these "basic fields" and resolves them with
a bare attribute read that never looks at `info`. For those the executor below reads the
attribute and coerces it with the field type's own `coerce_output_value`, exactly what
`complete_leaf_value` does. Anything else — a field with a resolver, arguments or
directives, an object or list type, a null on a non-null field, an awaitable, an
exception, a value the scalar refuses — goes through graphql-core's own path, which
produces the regular result or located error (re-reading an attribute is harmless).
tests/unit/api/test_graphql_execution.py checks both paths give identical results.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
)
from graphql.pyutils import Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

_LEAF_TYPES = (GraphQLScalarType, GraphQLEnumType)


class LeafShortcutExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def execute_field(self, parent_type: GraphQLObjectType, source: Any,
                      field_details_list: Any, path: Path, position_context: Any) -> Any:
        node = field_details_list[0].node
        field = parent_type.fields.get(node.name.value)
        resolve = field.resolve if field is not None else None
        if (resolve is None or not getattr(resolve, "_is_default", False)
                or node.arguments or node.directives or self._wraps_resolvers(resolve)):
            return super().execute_field(parent_type, source, field_details_list, path,
                                         position_context)
        field_type = field.type
        non_null = isinstance(field_type, GraphQLNonNull)
        leaf_type = field_type.of_type if non_null else field_type
        if not isinstance(leaf_type, _LEAF_TYPES):
            return super().execute_field(parent_type, source, field_details_list, path,
                                         position_context)
        try:
            # A basic field's resolver is a plain attribute read (strawberry passes no
            # info to it either).
            value = resolve(source, None)
            if value is None:
                if non_null:
                    raise ValueError("null on a non-null field")  # graphql-core words it
                return None
            coerced = leaf_type.coerce_output_value(value)
        except Exception:  # graphql-core's path below raises the located error
            coerced = Undefined
        if coerced is Undefined or coerced is None:
            return super().execute_field(parent_type, source, field_details_list, path,
                                         position_context)
        return coerced

    def _wraps_resolvers(self, resolve: Any) -> bool:
        # Strawberry always passes a middleware manager; it wraps resolvers only when a
        # schema extension implements `resolve` (then every field must go through it).
        manager = self.middleware_manager
        return manager is not None and manager.get_field_resolver(resolve) is not resolve
