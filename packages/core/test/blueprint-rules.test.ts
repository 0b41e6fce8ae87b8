import { describe, expect, it } from "vitest";
import { checkBlueprintRules, type BlueprintCustomizations } from "../src/blueprint";
import { cleanPath } from "../src/blueprint/clean-path";

const request = (customizations: BlueprintCustomizations, name = "bp") => ({
  name,
  distribution: "rhel-9",
  image_requests: [{ architecture: "x86_64", image_type: "guest-image", upload_request: { type: "aws.s3" } }],
  customizations,
});
const details = (customizations: BlueprintCustomizations, name?: string) =>
  checkBlueprintRules(request(customizations, name)).map((e) => `${e.title}: ${e.detail}`);

describe("cleanPath (Go's path.Clean)", () => {
  const cases: [string, string][] = [
    ["", "."],
    ["/", "/"],
    ["/etc/", "/etc"],
    ["//etc//x", "/etc/x"],
    ["/etc/./x", "/etc/x"],
    ["/etc/../x", "/x"],
    ["/../x", "/x"],
    ["a/../../b", "../b"],
    ["a/..", "."],
  ];
  for (const [input, clean] of cases) it(`${JSON.stringify(input)} -> ${clean}`, () => expect(cleanPath(input)).toBe(clean));
});

describe("checkBlueprintRules", () => {
  it("accepts a plain valid blueprint", () => {
    expect(details({})).toEqual([]);
  });

  it("needs a name with a non-space character", () => {
    expect(details({}, "   ")).toEqual(["blueprint name rule violation: the blueprint name must contain at least two characters"]);
    expect(details({}, "x")).toEqual([]);
  });

  it("needs user names, reported once", () => {
    expect(details({ users: [{ name: "ok" }, { name: " " }, { name: "" }] })).toEqual(["user rule violation: missing user name"]);
  });

  describe("files", () => {
    const valid = [
      "/etc/myconfig.conf",
      "/opt/app/config.json",
      "/usr/local/bin/myapp",
      "/etc/fstab.d/x",
      "/var/lib/x",
      "/root/.bashrc",
      "/usrx/y",
    ];
    for (const path of valid) it(`allows ${path}`, () => expect(details({ files: [{ path }] })).toEqual([]));

    const denied = [
      "/usr/share/nginx/html/index.html",
      "/usr/bin/myapp",
      "/usr",
      "/etc/fstab",
      "/etc/passwd",
      "/etc/shadow",
      "/etc/group",
      "/boot/grub2/x",
      "/proc/x",
      "/sys/x",
      "/dev/sda",
      "/run/x",
      "/tmp/x",
      "/var/tmp/x",
      "/var/run/x",
      "/lib64/x",
      "/efi/x",
      "/sysroot/x",
      "/lost+found/x",
    ];
    for (const path of denied) {
      it(`denies ${path}`, () => expect(details({ files: [{ path }] })).toEqual([`file rule violation: file "${path}": path "${path}" is not allowed`]));
    }

    it("needs absolute and canonical paths", () => {
      expect(details({ files: [{ path: "relative.txt" }, { path: "/etc/config/" }, { path: "/etc/../etc/x" }, { path: "" }] })).toEqual([
        'file rule violation: file "relative.txt": path "relative.txt" must be absolute',
        'file rule violation: file "/etc/config/": path "/etc/config/" must be canonical',
        'file rule violation: file "/etc/../etc/x": path "/etc/../etc/x" must be canonical',
        'file rule violation: file "": path "" must be absolute',
      ]);
    });

    it("refuses / itself", () => {
      expect(details({ files: [{ path: "/" }] })).toEqual(['file rule violation: file "/": path must not end with a slash']);
    });

    it("checks mode, user and group", () => {
      expect(
        details({
          files: [
            { path: "/etc/a", mode: "0644", user: "root", group: "wheel" },
            { path: "/etc/b", mode: "644", user: 0, group: 1000 },
            { path: "/etc/c", mode: "rwx" },
            { path: "/etc/d", mode: "020000000644" },
            { path: "/etc/e", user: "bad user" },
            { path: "/etc/f", group: "-dash" },
            { path: "/etc/g", user: -1 },
            { path: "/etc/h", group: -5 },
            { path: "/etc/i", user: ".dot", group: "_g" },
          ],
        }),
      ).toEqual([
        'file rule violation: file "/etc/c": mode "rwx" must be an octal number',
        'file rule violation: file "/etc/d": mode must not contain file type bits',
        `file rule violation: file "/etc/e": user name "bad user" doesn't conform to validating regex (^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,31}$)`,
        `file rule violation: file "/etc/f": group name "-dash" doesn't conform to validating regex (^[A-Za-z0-9_][A-Za-z0-9_-]{0,31}$)`,
        'file rule violation: file "/etc/g": user ID must be non-negative',
        'file rule violation: file "/etc/h": group ID must be non-negative',
      ]);
    });
  });

  describe("directories", () => {
    it("allows ordinary directories, including /etc/fstab-like names files may not use", () => {
      expect(details({ directories: [{ path: "/opt/myapp" }, { path: "/var/lib/myservice", mode: "755", user: "service" }, { path: "/usr/local/share" }, { path: "/etc/passwd" }] })).toEqual([]);
    });

    it("denies system directories and needs canonical absolute paths", () => {
      expect(details({ directories: [{ path: "mydir" }, { path: "/opt/myapp/" }, { path: "/usr/lib/x" }, { path: "/boot" }] })).toEqual([
        'directory rule violation: directory "mydir": path "mydir" must be absolute',
        'directory rule violation: directory "/opt/myapp/": path "/opt/myapp/" must be canonical',
        'directory rule violation: directory "/usr/lib/x": path "/usr/lib/x" is not allowed',
        'directory rule violation: directory "/boot": path "/boot" is not allowed',
      ]);
    });
  });

  describe("filesystem", () => {
    it("accepts absolute canonical mountpoints of 0 or at least 1 MiB", () => {
      expect(details({ filesystem: [{ mountpoint: "/", min_size: 10737418240 }, { mountpoint: "/var", min_size: 1048576 }, { mountpoint: "/home", min_size: 0 }] })).toEqual([]);
    });

    it("reports empty, relative, non-canonical mountpoints and small sizes", () => {
      expect(
        details({
          filesystem: [
            { mountpoint: "", min_size: 1073741824 },
            { mountpoint: "var", min_size: 1073741824 },
            { mountpoint: "/var/../tmp", min_size: 1073741824 },
            { mountpoint: "/var", min_size: 512 },
            { mountpoint: "data", min_size: 1048575 },
          ],
        }),
      ).toEqual([
        "filesystem rule violation: mountpoint must not be empty",
        'filesystem rule violation: mountpoint "var" must be absolute',
        'filesystem rule violation: mountpoint "/var/../tmp" must be canonical',
        'filesystem rule violation: mountpoint "/var" minimum size must be at least 1MB',
        'filesystem rule violation: mountpoint "data" must be absolute',
        'filesystem rule violation: mountpoint "data" minimum size must be at least 1MB',
      ]);
    });
  });

  it("collects every violation in the order name, users, files, directories, filesystem", () => {
    const errors = checkBlueprintRules(
      request(
        {
          filesystem: [{ mountpoint: "var", min_size: 1073741824 }],
          directories: [{ path: "baddir" }],
          files: [{ path: "badfile.txt" }, { path: "/etc/ok" }, { path: "/tmp/x" }],
          users: [{ name: "" }],
        },
        " ",
      ),
    );
    expect(errors.map((e) => e.title)).toEqual([
      "blueprint name rule violation",
      "user rule violation",
      "file rule violation",
      "file rule violation",
      "directory rule violation",
      "filesystem rule violation",
    ]);
    expect(errors[2]!.detail).toBe('file "badfile.txt": path "badfile.txt" must be absolute');
    expect(errors[3]!.detail).toBe('file "/tmp/x": path "/tmp/x" is not allowed');
  });

  it("quotes paths as Go's %q does", () => {
    expect(details({ files: [{ path: 'rel"\u0001' }] })).toEqual(['file rule violation: file "rel\\"\\x01": path "rel\\"\\x01" must be absolute']);
  });
});
