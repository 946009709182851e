package hall

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"tongban/internal/access"
	"tongban/internal/applicant"
	"tongban/internal/application"
	"tongban/internal/catalog"
	"tongban/internal/fault"
	"tongban/internal/storage"
)

// MaxFileSize is the largest material file accepted: a scanned
// multi-page document as PDF, or a phone photo of a certificate.
const MaxFileSize = 10 << 20

// fileTypes are the media types accepted for materials, detected from the
// content (not the name or the declared type): scans and photos.
var fileTypes = map[string]bool{"application/pdf": true, "image/jpeg": true, "image/png": true, "image/gif": true, "image/webp": true}

// File is a stored material file.
type File struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
}

// checkFile refuses a file of the wrong type or over the size limit and
// returns its detected type and hash.
func checkFile(name string, b []byte) (File, error) {
	if len(b) > MaxFileSize {
		return File{}, fault.New(fault.TooLarge, "the file %s is larger than %d MiB", name, MaxFileSize>>20).
			WithKey("material.too_large", map[string]any{"name": name, "limit": MaxFileSize >> 20})
	}
	if len(b) == 0 {
		return File{}, fault.Invalidf("file", "the file %s is empty", name).WithKey("material.empty", map[string]any{"name": name})
	}
	ct := http.DetectContentType(b)
	if !fileTypes[ct] {
		return File{}, fault.Invalidf("file", "the file %s is of type %s; materials are accepted as PDF, JPEG, PNG, GIF or WebP", name, ct).
			WithKey("material.type", map[string]any{"name": name, "type": ct})
	}
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	if name = strings.TrimSpace(name); name == "" || utf8.RuneCountInString(name) > 200 || !utf8.ValidString(name) {
		name = h[:12]
	}
	return File{Name: name, ContentType: ct, Size: int64(len(b)), SHA256: h}, nil
}

// StoreFile checks and stores a material file before it is named in a
// submission (materials[].sha256). The same bytes are stored once.
func (s *Service) StoreFile(ctx context.Context, name string, b []byte) (File, error) {
	f, err := checkFile(name, b)
	if err != nil {
		return File{}, err
	}
	if err := s.st.PutBlob(ctx, f.SHA256, f.ContentType, b); err != nil {
		return File{}, err
	}
	return f, nil
}

// UploadMaterial hands in the file of one material of an application that
// waits for corrections (补正): it is checked, stored and recorded as a
// resubmission of that material. A file of the wrong type or over the size
// limit is refused before anything is stored or recorded, so the
// application stays exactly as it was.
func (s *Service) UploadMaterial(ctx context.Context, c Caller, no, material, name string, b []byte, expected int64) (View, File, error) {
	sum, err := s.load(ctx, c, no)
	if err != nil {
		return View{}, File{}, err
	}
	a := sum.App
	if !slices.ContainsFunc(a.Item.Materials, func(m catalog.MaterialReq) bool { return m.Name == material }) {
		return View{}, File{}, fault.Invalidf("material", "%q is not a material of item %s", material, a.Item.Code)
	}
	if !slices.Contains(application.Allowed(a, c.actor()), application.ActResubmit) {
		return View{}, File{}, &fault.Error{Code: fault.Conflict, Current: a.State, Key: "application.state",
			Message: "application " + no + " is " + string(a.State) + ": materials are handed in while it waits for corrections"}
	}
	f, err := s.StoreFile(ctx, name, b)
	if err != nil {
		return View{}, File{}, err
	}
	v, err := s.Act(ctx, c, no, application.Resubmit{Materials: []application.Provided{{Name: material, SHA256: f.SHA256, Source: application.SourceHanded}}}, expected)
	return v, f, err
}

// MaterialFile returns a file of an application the caller may see; a file
// is served only through an application that names it.
func (s *Service) MaterialFile(ctx context.Context, c Caller, no, sha string) (string, []byte, error) {
	sum, err := s.load(ctx, c, no)
	if err != nil {
		return "", nil, err
	}
	if len(sha) != 64 || !slices.ContainsFunc(sum.App.Materials, func(p application.Provided) bool { return p.SHA256 == sha }) {
		return "", nil, fault.NotFoundf("application %s has no file %s", no, sha)
	}
	return s.st.Blob(ctx, sha)
}

// IDCheck is the result of verifying a resident ID number or a unified
// social credit code: valid, or the 1-based position of the first wrong
// character and why.
type IDCheck struct {
	Kind     string `json:"kind"`
	IDNumber string `json:"id_number"` // as normalised: no spaces, ASCII, upper case
	Valid    bool   `json:"valid"`
	Position int    `json:"position,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Key      string `json:"key,omitempty"` // translation key of the reason
}

// VerifyID checks a person's resident ID number (kind person) or an
// organisation's credit code (kind enterprise) as of now, normalising
// typed input first. For a wrong length the position is that of the first
// missing or extra character.
func VerifyID(kind, id string, now time.Time) (IDCheck, error) {
	r := IDCheck{Kind: kind, IDNumber: applicant.NormalizeResidentID(id)}
	var err error
	switch kind {
	case application.Person:
		err = applicant.ValidateResidentIDOn(r.IDNumber, now)
	case application.Enterprise:
		err = applicant.ValidateCreditCode(r.IDNumber)
	default:
		return r, fault.Invalidf("kind", "%q is not person or enterprise", kind)
	}
	if err == nil {
		r.Valid = true
		return r, nil
	}
	fe := fault.As(err)
	if fe == nil {
		return r, err
	}
	r.Reason, r.Key = fe.Message, fe.Key
	if p, ok := fe.Args["pos"].(int); ok {
		r.Position = p
	} else if n := utf8.RuneCountInString(r.IDNumber); n < 18 {
		r.Position = n + 1
	} else {
		r.Position = 19
	}
	return r, nil
}

// SaveApplicant records an applicant at a window after verifying the ID
// number or credit code, or updates a known one's name and phone.
func (s *Service) SaveApplicant(ctx context.Context, sub access.Subject, a application.Applicant) (storage.ApplicantRecord, error) {
	if err := access.Require(sub, access.ManageApplicants); err != nil {
		return storage.ApplicantRecord{}, err
	}
	a.IDNumber = applicant.NormalizeResidentID(a.IDNumber)
	chk, err := VerifyID(a.Kind, a.IDNumber, s.Now())
	if err != nil {
		return storage.ApplicantRecord{}, err
	}
	var errs fault.List
	if !chk.Valid {
		errs = append(errs, fault.Invalidf("id_number", "%s", chk.Reason).WithKey(chk.Key, map[string]any{"pos": chk.Position}))
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(a.Name)); n == 0 || n > 100 {
		errs.Add("name", "must be 1 to 100 characters")
	}
	if utf8.RuneCountInString(a.Phone) > 30 {
		errs.Add("phone", "must be at most 30 characters")
	}
	if err := errs.Err(); err != nil {
		return storage.ApplicantRecord{}, err
	}
	a.Name = strings.TrimSpace(a.Name)
	if err := s.st.SaveApplicant(ctx, a); err != nil {
		return storage.ApplicantRecord{}, err
	}
	return s.st.Applicant(ctx, a.IDNumber)
}

// Applicant returns an applicant and their material library.
func (s *Service) Applicant(ctx context.Context, sub access.Subject, id string) (storage.ApplicantRecord, []storage.LibraryEntry, error) {
	if err := access.Require(sub, access.ReadApplicants); err != nil {
		return storage.ApplicantRecord{}, nil, err
	}
	id = applicant.NormalizeResidentID(id)
	a, err := s.st.Applicant(ctx, id)
	if err != nil {
		return a, nil, err
	}
	lib, err := s.st.Library(ctx, id)
	return a, lib, err
}

// AddLibraryMaterial checks and stores a document and adds it to the
// applicant's library, so that later applications reuse it (一套资料).
func (s *Service) AddLibraryMaterial(ctx context.Context, sub access.Subject, id string, m applicant.Material, name string, b []byte) (storage.LibraryEntry, error) {
	if err := access.Require(sub, access.ManageApplicants); err != nil {
		return storage.LibraryEntry{}, err
	}
	id = applicant.NormalizeResidentID(id)
	if _, err := s.st.Applicant(ctx, id); err != nil {
		return storage.LibraryEntry{}, err
	}
	f, err := checkFile(name, b)
	if err != nil {
		return storage.LibraryEntry{}, err
	}
	m.SHA256, m.FileName, m.ContentType, m.Size = f.SHA256, f.Name, f.ContentType, f.Size
	if err := m.Validate(); err != nil {
		return storage.LibraryEntry{}, err
	}
	if err := s.st.PutBlob(ctx, f.SHA256, f.ContentType, b); err != nil {
		return storage.LibraryEntry{}, err
	}
	return s.st.AddLibraryMaterial(ctx, id, m)
}

// UpdateLibraryMaterial changes the type, issuer, number or validity of a
// library document; its file stays.
func (s *Service) UpdateLibraryMaterial(ctx context.Context, sub access.Subject, id string, mid int64, m applicant.Material) (storage.LibraryEntry, error) {
	if err := access.Require(sub, access.ManageApplicants); err != nil {
		return storage.LibraryEntry{}, err
	}
	id = applicant.NormalizeResidentID(id)
	lib, err := s.st.Library(ctx, id)
	if err != nil {
		return storage.LibraryEntry{}, err
	}
	i := slices.IndexFunc(lib, func(e storage.LibraryEntry) bool { return e.ID == mid })
	if i < 0 {
		return storage.LibraryEntry{}, fault.NotFoundf("library material %d not found", mid)
	}
	old := lib[i].Material
	m.SHA256, m.FileName, m.ContentType, m.Size = old.SHA256, old.FileName, old.ContentType, old.Size
	return s.st.UpdateLibraryMaterial(ctx, id, mid, m)
}

// DeleteLibraryMaterial removes a document from an applicant's library.
func (s *Service) DeleteLibraryMaterial(ctx context.Context, sub access.Subject, id string, mid int64) error {
	if err := access.Require(sub, access.ManageApplicants); err != nil {
		return err
	}
	return s.st.DeleteLibraryMaterial(ctx, applicant.NormalizeResidentID(id), mid)
}

// Coverage works out which materials of an item the applicant's library
// supplies today and which the applicant still has to hand in.
func (s *Service) Coverage(ctx context.Context, sub access.Subject, id, itemCode string) (applicant.Coverage, error) {
	if err := access.Require(sub, access.ReadApplicants); err != nil {
		return applicant.Coverage{}, err
	}
	it, err := s.st.Item(ctx, itemCode)
	if err != nil {
		return applicant.Coverage{}, err
	}
	lib, err := s.st.Library(ctx, applicant.NormalizeResidentID(id))
	if err != nil {
		return applicant.Coverage{}, err
	}
	ms := make([]applicant.Material, len(lib))
	for i, e := range lib {
		ms[i] = e.Material
	}
	return applicant.Cover(it.Materials, ms, s.Now()), nil
}

// DocType is a kind of document that items accept from an applicant's
// library, named by the first material (in item code order) that asks for
// it, for a form's choice of types.
type DocType struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// LibraryDocTypes lists the document types the catalog's reusable
// materials name (catalog.MaterialReq.DocType), ordered by name. Library
// entries of other types are kept (the API accepts any), but no item would
// reuse them.
func (s *Service) LibraryDocTypes(ctx context.Context) ([]DocType, error) {
	its, _, err := s.st.Items(ctx, storage.ItemFilter{})
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []DocType
	for _, it := range its {
		for _, m := range it.Materials {
			if !m.Reusable || m.DocType == "" || seen[m.DocType] {
				continue
			}
			seen[m.DocType] = true
			out = append(out, DocType{Type: m.DocType, Name: m.Name})
		}
	}
	slices.SortStableFunc(out, func(a, b DocType) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// placeholderSHA stands in for a file not chosen yet, so a description can
// be checked on its own.
var placeholderSHA = strings.Repeat("0", 64)

// CheckLibraryMaterial checks a library document as AddLibraryMaterial
// (b not nil) or UpdateLibraryMaterial (b nil) will, without storing
// anything, and reports every problem at once with a message key: the
// description's under its field names and the file's under "file" (a file
// over the size limit included), so a form can mark all of them in one go.
func CheckLibraryMaterial(m applicant.Material, name string, b []byte) error {
	var errs fault.List
	if b != nil {
		f, err := checkFile(name, b)
		if fe := fault.As(err); fe != nil {
			fe.Code, fe.Field = fault.Invalid, "file"
			errs = append(errs, fe)
		} else if err != nil {
			return err
		}
		m.SHA256 = f.SHA256
	}
	if m.SHA256 == "" {
		m.SHA256 = placeholderSHA
	}
	errs = append(errs, describe(m)...)
	return errs.Err()
}

// describe checks a library document's description and gives each problem
// the message key the pages show (library.err.FIELD).
func describe(m applicant.Material) fault.List {
	var l fault.List
	if !errors.As(m.Validate(), &l) {
		return nil
	}
	for _, e := range l {
		if e.Key == "" {
			e.Key = "library.err." + e.Field
		}
	}
	return l
}

// LibraryFile returns a document of an applicant's library with its
// file's content; a file is served only through a library entry that names
// it.
func (s *Service) LibraryFile(ctx context.Context, sub access.Subject, id string, mid int64) (storage.LibraryEntry, []byte, error) {
	_, lib, err := s.Applicant(ctx, sub, id)
	if err != nil {
		return storage.LibraryEntry{}, nil, err
	}
	i := slices.IndexFunc(lib, func(e storage.LibraryEntry) bool { return e.ID == mid })
	if i < 0 {
		return storage.LibraryEntry{}, nil, fault.NotFoundf("library material %d not found", mid)
	}
	ct, b, err := s.st.Blob(ctx, lib[i].SHA256)
	if err != nil {
		return storage.LibraryEntry{}, nil, err
	}
	if lib[i].ContentType == "" {
		lib[i].ContentType = ct
	}
	return lib[i], b, nil
}

// fileExt is the file-name extension of an accepted media type.
var fileExt = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}

// LibraryFromApplication adds the file an application already holds for
// one of its materials to the applicant's library (一套资料), so the next
// application reuses it without the applicant handing it in again and
// without the window uploading it again. The material must be reusable
// with a document type (the type is taken from the item); m carries what
// the clerk read off the document: issuer, number and validity. A file the
// library already holds is a conflict, not a second entry.
func (s *Service) LibraryFromApplication(ctx context.Context, sub access.Subject, no, material string, m applicant.Material) (storage.LibraryEntry, error) {
	if err := access.Require(sub, access.ManageApplicants); err != nil {
		return storage.LibraryEntry{}, err
	}
	sum, err := s.load(ctx, Staff(sub), no)
	if err != nil {
		return storage.LibraryEntry{}, err
	}
	a := sum.App
	ri := slices.IndexFunc(a.Item.Materials, func(r catalog.MaterialReq) bool { return r.Name == material })
	if ri < 0 || !a.Item.Materials[ri].Reusable || a.Item.Materials[ri].DocType == "" {
		return storage.LibraryEntry{}, fault.Invalidf("material", "%q is not a reusable material of item %s", material, a.Item.Code).
			WithKey("library.err.not_reusable", map[string]any{"material": material})
	}
	req := a.Item.Materials[ri]
	pi := slices.IndexFunc(a.Materials, func(p application.Provided) bool { return p.Name == material && p.SHA256 != "" })
	if pi < 0 {
		return storage.LibraryEntry{}, fault.Invalidf("material", "application %s holds no file for %q", no, material).
			WithKey("library.err.no_file", map[string]any{"material": material})
	}
	sha := a.Materials[pi].SHA256
	lib, err := s.st.Library(ctx, a.Applicant.IDNumber)
	if err != nil {
		return storage.LibraryEntry{}, err
	}
	if slices.ContainsFunc(lib, func(e storage.LibraryEntry) bool { return e.SHA256 == sha }) {
		return storage.LibraryEntry{}, fault.Conflictf("the library of %s already holds the file of %q", a.Applicant.IDNumber, material).
			WithKey("library.err.duplicate", map[string]any{"material": material})
	}
	ct, b, err := s.st.Blob(ctx, sha)
	if err != nil {
		return storage.LibraryEntry{}, err
	}
	m.Type, m.SHA256, m.ContentType, m.Size = req.DocType, sha, ct, int64(len(b))
	m.FileName = material + fileExt[ct]
	if l := describe(m); len(l) > 0 {
		return storage.LibraryEntry{}, l
	}
	return s.st.AddLibraryMaterial(ctx, a.Applicant.IDNumber, m)
}
