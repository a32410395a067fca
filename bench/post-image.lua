-- wrk script: POST the image named by $IMAGE as multipart field "file" to the request path.
local path = os.getenv("IMAGE")
local f = assert(io.open(path, "rb"))
local data = f:read("*all")
f:close()
local boundary = "----facemaskbench"
wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.body = "--" .. boundary .. "\r\n"
  .. "Content-Disposition: form-data; name=\"file\"; filename=\"image.jpg\"\r\n"
  .. "Content-Type: image/jpeg\r\n\r\n" .. data .. "\r\n--" .. boundary .. "--\r\n"

-- Error answers (status >= 400) must not pass for throughput: report them.
done = function(summary, latency, requests)
  io.write(string.format("error answers (status >= 400): %d\n", summary.errors.status))
end
