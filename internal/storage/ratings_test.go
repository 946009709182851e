package storage_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"tongban/internal/fault"
	"tongban/internal/storage"
	"tongban/internal/storage/storagetest"
)

func TestRatings(t *testing.T) {
	storagetest.Each(t, func(t *testing.T, s *storage.Store) {
		ctx := context.Background()
		at := time.Date(2026, 6, 1, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))
		r, err := s.AddRating(ctx, storage.Rating{SubjectKind: storage.RatingOrder, SubjectNo: "20260601000001",
			Channel: "portal", Score: 2, Comment: "回复太慢", CreatedAt: at})
		if err != nil {
			t.Fatal(err)
		}
		if r.ID == 0 || !r.Bad() {
			t.Fatalf("got %+v, want an id and a bad review", r)
		}
		// The same order through the same channel again: a conflict, whatever the score.
		_, err = s.AddRating(ctx, storage.Rating{SubjectKind: storage.RatingOrder, SubjectNo: "20260601000001", Channel: "portal", Score: 5})
		if !fault.Is(err, fault.Conflict) || fault.As(err).Key != "rating.already" {
			t.Fatalf("second rating through the same channel: got %v, want a rating.already conflict", err)
		}
		// Another channel, and an application with the same number, are separate.
		if _, err := s.AddRating(ctx, storage.Rating{SubjectKind: storage.RatingOrder, SubjectNo: "20260601000001", Channel: "sms", Score: 4,
			CreatedAt: at.Add(time.Hour)}); err != nil {
			t.Fatalf("rating through another channel: %v", err)
		}
		if _, err := s.AddRating(ctx, storage.Rating{SubjectKind: storage.RatingApplication, SubjectNo: "20260601000001", Channel: "portal", Score: 5}); err != nil {
			t.Fatalf("rating an application with the same number: %v", err)
		}
		got, err := s.RatingsOf(ctx, storage.RatingOrder, "20260601000001")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Channel != "portal" || got[0].Score != 2 || got[0].Comment != "回复太慢" || got[1].Channel != "sms" {
			t.Fatalf("ratings of the order: got %+v, want portal 2 then sms 4", got)
		}
		if !got[0].CreatedAt.Equal(at) {
			t.Errorf("created_at: got %v, want %v", got[0].CreatedAt, at)
		}
		if none, err := s.RatingsOf(ctx, storage.RatingOrder, "20260601000999"); err != nil || len(none) != 0 {
			t.Errorf("ratings of an unrated order: got %v, %v; want none", none, err)
		}

		for name, bad := range map[string]storage.Rating{
			"score 0":       {SubjectKind: storage.RatingOrder, SubjectNo: "20260601000002", Channel: "portal", Score: 0},
			"score 6":       {SubjectKind: storage.RatingOrder, SubjectNo: "20260601000002", Channel: "portal", Score: 6},
			"unknown kind":  {SubjectKind: "item", SubjectNo: "20260601000002", Channel: "portal", Score: 3},
			"no channel":    {SubjectKind: storage.RatingOrder, SubjectNo: "20260601000002", Score: 3},
			"long comment":  {SubjectKind: storage.RatingOrder, SubjectNo: "20260601000002", Channel: "portal", Score: 3, Comment: strings.Repeat("差", storage.MaxRatingComment+1)},
			"control chars": {SubjectKind: storage.RatingOrder, SubjectNo: "20260601000002", Channel: "portal", Score: 3, Comment: "a\x00b"},
		} {
			if _, err := s.AddRating(ctx, bad); !fault.Is(err, fault.Invalid) {
				t.Errorf("%s: got %v, want invalid", name, err)
			}
		}
		if got, _ := s.RatingsOf(ctx, storage.RatingOrder, "20260601000002"); len(got) != 0 {
			t.Errorf("invalid ratings were stored: %+v", got)
		}
	})
}
