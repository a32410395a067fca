package org.facemask.serving.http;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code file} parts of a multipart upload, refusing wrong content types and oversized bodies early. */
final class UploadReader {

    /** One uploaded file. */
    @SuppressWarnings("ArrayRecordComponent") // a value carrier, never compared or hashed
    record Upload(String name, byte[] bytes) {}

    private final long maxFileBytes;
    private final long maxRequestBytes;

    /**
     * @param maxFileBytes the largest file
     * @param maxRequestBytes the largest request body (a batch carries several files)
     */
    UploadReader(long maxFileBytes, long maxRequestBytes) {
        this.maxFileBytes = maxFileBytes;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Returns the first file of the upload. */
    Upload first(Context ctx) {
        return all(ctx).get(0);
    }

    /** Returns every file of the upload, at least one. */
    List<Upload> all(Context ctx) {
        if (!ctx.isMultipartFormData()) {
            throw new ApiException(415, "unsupported_media_type",
                    "send multipart/form-data with the image in a field named 'file'");
        }
        long declared = ctx.contentLength();
        if (declared > maxRequestBytes) {
            throw new ApiException(413, "payload_too_large", "request of " + declared + " bytes is over the limit");
        }
        List<UploadedFile> files;
        try {
            files = ctx.uploadedFiles("file");
        } catch (IllegalStateException e) {
            // Jetty's multipart parser enforces the size limits while streaming the body.
            throw new ApiException(413, "payload_too_large", "upload is over the limit of " + maxFileBytes + " bytes");
        } catch (RuntimeException e) {
            throw new ApiException(400, "bad_multipart", "malformed multipart body: " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new ApiException(400, "missing_file", "no file in the form field 'file'");
        }
        List<Upload> uploads = new ArrayList<>(files.size());
        for (UploadedFile file : files) {
            if (file.size() > maxFileBytes) {
                throw new ApiException(413, "payload_too_large", "file is over the limit of " + maxFileBytes
                        + " bytes");
            }
            try (InputStream in = file.content()) {
                uploads.add(new Upload(file.filename(), in.readAllBytes()));
            } catch (IOException e) {
                throw new ApiException(400, "upload_failed", "could not read the upload: " + e.getMessage());
            }
        }
        return uploads;
    }
}
