package hotline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"unicode/utf8"

	"tongban/internal/fault"
	"tongban/internal/workorder"
)

// MaxAttachment is the largest file an order accepts.
const MaxAttachment = 10 << 20

// attachmentTypes are the accepted file types, by their sniffed content
// (never the name or the client's claim): documents, images, call
// recordings, plain text and archives.
var attachmentTypes = map[string]bool{"application/pdf": true, "image/jpeg": true, "image/png": true, "image/gif": true,
	"image/webp": true, "audio/mpeg": true, "audio/wav": true, "audio/x-wav": true, "audio/ogg": true,
	"text/plain; charset=utf-8": true, "application/zip": true}

// StoreAttachment checks a file and stores its bytes under their SHA-256,
// returning the metadata an order's commands carry. An empty file or one of
// a refused type is fault.Invalid, one over MaxAttachment fault.TooLarge;
// both name the field "file" and carry a message key.
func (s *Service) StoreAttachment(ctx context.Context, name string, b []byte) (workorder.Attachment, error) {
	if len(b) == 0 {
		return workorder.Attachment{}, fault.Invalidf("file", "is empty").WithKey("order.file.empty", nil)
	}
	if len(b) > MaxAttachment {
		e := fault.New(fault.TooLarge, "is larger than %d MiB", MaxAttachment>>20).WithKey("order.file.too_large", map[string]any{"mb": MaxAttachment >> 20})
		e.Field = "file"
		return workorder.Attachment{}, e
	}
	ct := http.DetectContentType(b)
	if !attachmentTypes[ct] {
		return workorder.Attachment{}, fault.Invalidf("file", "files of type %s are not accepted (PDF, images, audio, text, zip)", ct).WithKey("order.file.type", nil)
	}
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	if err := s.st.PutBlob(ctx, h, ct, b); err != nil {
		return workorder.Attachment{}, err
	}
	if name == "" || utf8.RuneCountInString(name) > workorder.MaxFileName {
		name = h[:12]
	}
	return workorder.Attachment{Name: name, ContentType: ct, Size: int64(len(b)), SHA256: h, StorageKey: h}, nil
}

// CanSubDispatch reports whether unit from may sub-dispatch (下派) to unit
// to, for pages that offer only the units the domain will accept.
func (s *Service) CanSubDispatch(from, to int64) bool { return s.env.IsBelow(from, to) }
