package core

import "context"

// externalAuthsCollection is the system collection of OAuth2 links.
const externalAuthsCollection = "_externalAuths"

// ListExternalAuths returns the OAuth2 identities linked to the auth record
// recordID (of any collection): records of the _externalAuths system
// collection with the fields "provider", "providerId", "recordRef" and
// "collectionRef". [RecordService.AuthWithOAuth2] creates them; the server
// lets a user see only their own. Options: [WithFields], [WithSort],
// [WithQuery], [WithHeader].
//
// Endpoint: GET /api/collections/_externalAuths/records?filter=recordRef='…'
func (s *RecordService) ListExternalAuths(ctx context.Context, recordID string, opts ...RequestOption) ([]Record, error) {
	filter := s.client.Filter("recordRef = {:id}", map[string]any{"id": recordID})
	opts = append(opts[:len(opts):len(opts)], WithFilter(filter))
	items, err := s.client.Collection(externalAuthsCollection).GetFullList(ctx, opts...)
	if items == nil && err == nil {
		items = []Record{}
	}
	return items, err
}

// UnlinkExternalAuth removes the link between the auth record recordID and
// its identity at provider (e.g. "oidc"), so that signing in with that
// provider no longer reaches the record. No such link gives a
// [*ClientResponseError] of status 404. Options: [WithHeader].
//
// Endpoints: GET /api/collections/_externalAuths/records (find the link),
// DELETE /api/collections/_externalAuths/records/{id}
func (s *RecordService) UnlinkExternalAuth(ctx context.Context, recordID, provider string, opts ...RequestOption) error {
	filter := s.client.Filter("recordRef = {:record} && provider = {:provider}",
		map[string]any{"record": recordID, "provider": provider})
	links := s.client.Collection(externalAuthsCollection)
	link, err := links.GetFirstListItem(ctx, filter, opts...)
	if err != nil {
		return err
	}
	return links.Delete(ctx, link.ID(), opts...)
}
