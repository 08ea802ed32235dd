package core

// WithFilterParams binds the {:name} placeholders of the call's filter
// (the filter argument of [RecordService.GetFirstListItem], or
// [WithFilter] on [RecordService.GetList] and [RecordService.GetFullList])
// to params, rendered as [Client.Filter] renders them, so user input never
// changes the structure of the expression. Unlike Filter it fails closed:
// a placeholder without a parameter or a value Filter would replace (see
// [Client.FilterE]) fails the call without a request, with an error
// wrapping [ErrFilterValue] that names the placeholder, never the value.
func WithFilterParams(params map[string]any) RequestOption {
	return func(rc *requestConfig) {
		if rc.params == nil {
			rc.params = map[string]any{}
		}
		for k, v := range params {
			rc.params[k] = v
		}
	}
}
