/* Binary threshold of a PGM (P5, maxval 255) image, called through the function protocol.
 *
 * int kiln_invoke(const char *request_json, char *response, int response_size)
 * returns the length the response needs; the runtime calls again with a bigger buffer
 * when that is >= response_size.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Copies the JSON string value that follows "key": into out (no escapes expected in paths). */
static int json_string(const char *json, const char *key, char *out, size_t out_size) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\"", key);
    const char *p = strstr(json, pattern);
    if (!p) return -1;
    p = strchr(p + strlen(pattern), '"');
    if (!p) return -1;
    p++;
    size_t n = 0;
    while (p[n] && p[n] != '"') n++;
    if (n + 1 > out_size) return -1;
    memcpy(out, p, n);
    out[n] = '\0';
    return 0;
}

static double json_number(const char *json, const char *key, double fallback) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\"", key);
    const char *p = strstr(json, pattern);
    if (!p) return fallback;
    p = strchr(p + strlen(pattern), ':');
    return p ? strtod(p + 1, NULL) : fallback;
}

static int respond(char *response, int size, int code, const char *msg, const char *body) {
    if (code == 0)
        return snprintf(response, (size_t)size,
                        "{\"error_code\":0,\"error_msg\":\"success\",\"output_files\":"
                        "[{\"key\":\"mask\",\"form\":\"LocalPath\",\"body\":\"%s\"}],\"arg_map\":{}}", body);
    return snprintf(response, (size_t)size, "{\"error_code\":%d,\"error_msg\":\"%s\"}", code, msg);
}

int kiln_invoke(const char *request, char *response, int size) {
    char work[1024], input[1024], in_path[2200], out_dir[1100], out_path[1200];
    if (json_string(request, "work_path", work, sizeof work) || json_string(request, "local_path", input, sizeof input))
        return respond(response, size, 2001, "request has no work_path or input", NULL);
    int threshold = (int)json_number(request, "threshold", 128);
    if (input[0] == '/') snprintf(in_path, sizeof in_path, "%s", input);
    else snprintf(in_path, sizeof in_path, "%s/%s", work, input);

    FILE *f = fopen(in_path, "rb");
    if (!f) return respond(response, size, 2002, "cannot open the input image", NULL);
    int w, h, maxval;
    if (fscanf(f, "P5 %d %d %d", &w, &h, &maxval) != 3 || maxval != 255 || w <= 0 || h <= 0) {
        fclose(f);
        return respond(response, size, 2003, "input is not a binary PGM (P5, maxval 255)", NULL);
    }
    fgetc(f); /* the single whitespace after the header */
    size_t n = (size_t)w * (size_t)h;
    unsigned char *px = malloc(n);
    if (!px || fread(px, 1, n, f) != n) {
        free(px);
        fclose(f);
        return respond(response, size, 2004, "input image is truncated", NULL);
    }
    fclose(f);
    for (size_t i = 0; i < n; i++) px[i] = px[i] >= threshold ? 255 : 0;

    snprintf(out_dir, sizeof out_dir, "%s/out", work);
    mkdir(out_dir, 0755); /* the work folder exists already; EEXIST is fine */
    snprintf(out_path, sizeof out_path, "%s/mask.pgm", out_dir);
    FILE *o = fopen(out_path, "wb");
    if (!o) {
        free(px);
        return respond(response, size, 2005, "cannot write the output image", NULL);
    }
    fprintf(o, "P5\n%d %d\n255\n", w, h);
    fwrite(px, 1, n, o);
    fclose(o);
    free(px);
    return respond(response, size, 0, NULL, "out/mask.pgm");
}
