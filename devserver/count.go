package main

import (
	"net/http"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
)

// recordsCount is BosBase's GET /api/collections/{collection}/records/count:
// {"count": n}, the number of records matching ?filter= under the
// collection's list rule, with the access checks of the list endpoint.
func recordsCount(e *core.RequestEvent) error {
	collection, err := e.App.FindCachedCollectionByNameOrId(e.Request.PathValue("collection"))
	if err != nil || collection == nil {
		return e.NotFoundError("Missing collection context.", err)
	}
	info, err := e.RequestInfo()
	if err != nil {
		return e.BadRequestError("", err)
	}
	superuser := info.HasSuperuserAuth()
	if collection.ListRule == nil && !superuser {
		return e.ForbiddenError("Only superusers can perform this action.", nil)
	}
	query := e.App.RecordQuery(collection)
	resolver := core.NewRecordFieldResolver(e.App, collection, info, true)
	if !superuser && *collection.ListRule != "" {
		expr, err := search.FilterData(*collection.ListRule).BuildExpr(resolver)
		if err != nil {
			return err
		}
		query.AndWhere(expr)
	}
	resolver.SetAllowHiddenFields(superuser)
	if filter := e.Request.URL.Query().Get("filter"); filter != "" {
		expr, err := search.FilterData(filter).BuildExpr(resolver)
		if err != nil {
			return e.BadRequestError("Invalid filter.", err)
		}
		query.AndWhere(expr)
	}
	if err := resolver.UpdateQuery(query); err != nil {
		return e.BadRequestError("Invalid filter.", err)
	}
	var count int
	err = query.Distinct(false).
		Select("COUNT(DISTINCT [[" + collection.Name + ".id]])").
		OrderBy().
		Row(&count)
	if err != nil {
		return e.InternalServerError("Failed to count the records.", err)
	}
	return e.JSON(http.StatusOK, map[string]int{"count": count})
}
